import { useCallback, useSyncExternalStore } from "react";
import { snapshot } from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";

/**
 * The state of a core atom, re-rendering on change. Reads without mounting (`snapshot`), so
 * rendering alone, on the server or in a discarded render, never opens a connection: only
 * React's subscribe after commit does. The server snapshot is the atom's initial state, which is
 * also what the first client render uses when hydrating.
 */
export function useStore<S>(store: ReadableAtom<S>): S {
  const subscribe = useCallback((onChange: () => void) => store.listen(onChange), [store]);
  const getSnapshot = () => snapshot(store);
  const getServerSnapshot = () => store.init as S;
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
