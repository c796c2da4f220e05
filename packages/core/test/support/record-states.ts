import { onTestFinished } from "vitest";
import type { ReadableAtom } from "nanostores";

/** Records every state a store publishes while listened to. */
export function recordStates<S>(store: ReadableAtom<S>): { states: S[]; stop(): void } {
  const states: S[] = [];
  const unlisten = store.listen((state) => void states.push(state as S));
  let listening = true;
  const stop = () => {
    if (listening) unlisten();
    listening = false;
  };
  // Also when the test fails before calling stop(): no listener outlives its test.
  onTestFinished(stop);
  return { states, stop };
}
