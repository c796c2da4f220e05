import { createSubscriber } from "svelte/reactivity";
import { keyedMemo, snapshot, type Hook, type HookFactory } from "@trigger-realtime/core/adapter";
import type { ReadableAtom, StoreValue } from "nanostores";
import { authSource } from "./auth.js";
import type { ArgsOf, AtomOf } from "./bind-store.js";
import type { ReactiveSubscription } from "./types.js";

export interface Followed<T extends ReadableAtom<any>> {
  /** The state of the atom for the current arguments; reactive inside templates, `$derived` and effects. */
  readonly current: StoreValue<T>;
  /** The atom for the current arguments. */
  readonly store: T;
}

/**
 * The runes face of a core hook, in plain TypeScript. `args` reads the caller's getters, so a
 * reader of `current` re-runs when they change and then binds the atom of the new key at once
 * (never the previous run's state). Each atom gets its own `createSubscriber`: it listens, with
 * the hook's listeners, while some effect reads it and stops when the last one is gone, which
 * releases the previous atom after an id change. Reads outside an effect (and on the server)
 * return a snapshot and start nothing.
 */
export function followHook<F extends HookFactory<any, ReadableAtom<any>>>(factory: F, args: () => ArgsOf<F>): Followed<AtomOf<F>> {
  type T = AtomOf<F>;
  const auth = authSource();
  const hook = factory(args) as Hook<ArgsOf<F>, T>;
  const memo = keyedMemo<T>();
  const select = () => memo(hook.resolve(args(), auth?.()));
  const subscribers = new WeakMap<T, () => void>();
  const track = (store: T) => {
    let subscribe = subscribers.get(store);
    if (!subscribe) {
      subscribe = createSubscriber((update) => {
        const unlisten = store.listen(() => update());
        const detach = hook.attach(store);
        return () => {
          detach();
          unlisten();
        };
      });
      subscribers.set(store, subscribe);
    }
    subscribe();
  };
  return {
    get current() {
      const store = select();
      track(store);
      return snapshot(store) as StoreValue<T>;
    },
    get store() {
      return select();
    },
  };
}

/** `{ current, stop }` of a followed subscription atom. */
export function reactiveSubscription<T extends ReadableAtom<any> & { stop(): void }>(followed: Followed<T>): ReactiveSubscription<StoreValue<T>> {
  return {
    get current() {
      return followed.current;
    },
    stop: () => followed.store.stop(),
  };
}
