import type { ReadableAtom } from "nanostores";

/**
 * A store's current state without starting it. `store.get()` mounts an idle store (and so
 * would open a connection during server rendering); adapters read through this instead.
 */
export function snapshot<S>(store: ReadableAtom<S>): S {
  return (store.value !== undefined ? store.value : store.init) as S;
}
