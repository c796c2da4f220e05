import { createSubscriber } from "svelte/reactivity";
import { snapshot } from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";
import { same, type Binding, type StateOf } from "./binding.js";
import type { ReactiveSubscription } from "./types.js";

export interface Followed<T, S> {
  /** The state of the atom `select` picks now; reactive inside templates, `$derived` and effects. */
  readonly current: S;
  /** The atom `select` picks now. */
  readonly store: T;
}

/**
 * The runes face of a core atom, in plain TypeScript. `select` reads the caller's getters, so a
 * reader of `current` re-runs when they change and then picks the new atom at once (never the
 * previous run's state). Each picked atom gets its own `createSubscriber`: it listens while some
 * effect reads it and stops when the last one is gone, which releases the previous atom after an
 * id change. Reads outside an effect (and on the server) return a snapshot and start nothing.
 */
export function follow<T extends ReadableAtom<any>, S = StateOf<T>>(select: () => T, { attach, map = same }: Binding<T, S> = {}): Followed<T, S> {
  const subscribers = new WeakMap<T, () => void>();
  const track = (store: T) => {
    let subscribe = subscribers.get(store);
    if (!subscribe) {
      subscribe = createSubscriber((update) => {
        const unlisten = store.listen(() => update());
        const detach = attach?.(store);
        return () => {
          detach?.();
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
      return map(snapshot(store));
    },
    get store() {
      return select();
    },
  };
}

/** `{ current, stop }` of a followed subscription atom. */
export function reactiveSubscription<T extends ReadableAtom<any> & { stop(): void }, S>(followed: Followed<T, S>): ReactiveSubscription<S> {
  return {
    get current() {
      return followed.current;
    },
    stop: () => followed.store.stop(),
  };
}
