import type { ReadableAtom } from "nanostores";

/** Records every state a store publishes while listened to. */
export function recordStates<S>(store: ReadableAtom<S>): { states: S[]; stop(): void } {
  const states: S[] = [];
  const stop = store.listen((state) => void states.push(state as S));
  return { states, stop };
}
