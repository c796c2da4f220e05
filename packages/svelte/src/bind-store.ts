import { readable, type Readable } from "svelte/store";
import { snapshot } from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";
import { same, type Binding, type StateOf } from "./binding.js";
import type { RealtimeStore } from "./types.js";

/**
 * A core atom as a Svelte store of its own. Its first subscriber starts the atom (and with it
 * the shared connection) and the callbacks `attach` sets up; its last subscriber stops both, so
 * `onComplete` / `onParts` live exactly as long as some component reads the store. Creating it
 * reads a snapshot only: nothing starts before a subscriber arrives.
 */
export function bindStore<T extends ReadableAtom<any>, S = StateOf<T>>(store: T, { attach, map = same }: Binding<T, S> = {}): Readable<S> {
  return readable(map(snapshot(store)), (set) => {
    const unsubscribe = store.subscribe((state) => set(map(state)));
    const detach = attach?.(store);
    return () => {
      detach?.();
      unsubscribe();
    };
  });
}

/** A subscription atom as a `RealtimeStore`: the bound store plus `stop()`. */
export function realtimeStore<T extends ReadableAtom<any> & { stop(): void }>(store: T, binding?: Binding<T, StateOf<T>>): RealtimeStore<StateOf<T>> {
  const { subscribe } = bindStore(store, binding);
  return { subscribe, stop: () => store.stop() };
}
