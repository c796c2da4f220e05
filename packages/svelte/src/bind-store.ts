import { readable, type Readable } from "svelte/store";
import { snapshot, type Hook, type HookFactory } from "@trigger-realtime/core/adapter";
import type { ReadableAtom, StoreValue } from "nanostores";
import { authSource } from "./auth.js";

export type ArgsOf<F> = F extends HookFactory<infer Args, any> ? Args : never;
export type AtomOf<F> = F extends HookFactory<any, infer T> ? T : never;

/**
 * A core atom as a Svelte store of its own. Its first subscriber starts the atom (and with it
 * the shared connection) and the hook's listeners; its last subscriber stops both, so
 * `onComplete` / `onParts` live exactly as long as some component reads the store. Creating it
 * reads a snapshot only: nothing starts before a subscriber arrives.
 */
export function bindStore<T extends ReadableAtom<any>>(store: T, attach: (store: T) => () => void): Readable<StoreValue<T>> {
  return readable(snapshot(store), (set) => {
    const unsubscribe = store.subscribe((state) => set(state));
    const detach = attach(store);
    return () => {
      detach();
      unsubscribe();
    };
  });
}

/** The atom a core hook resolves for `args` over the context's auth, with its Svelte store. */
export function bindAtom<F extends HookFactory<any, ReadableAtom<any>>>(factory: F, args: ArgsOf<F>): { atom: AtomOf<F>; subscribe: Readable<StoreValue<AtomOf<F>>>["subscribe"] } {
  const hook = factory(() => args) as Hook<ArgsOf<F>, AtomOf<F>>;
  const atom = hook.resolve(args, authSource()?.()).create();
  return { atom, subscribe: bindStore(atom, hook.attach).subscribe };
}
