import type { ReadableAtom } from "nanostores";

/** Resolves with the store's first state that satisfies `predicate` (listening keeps it mounted). */
export function waitForState<S>(store: ReadableAtom<S>, predicate: (state: S) => boolean, timeoutMs = 15_000): Promise<S> {
  return new Promise((resolve, reject) => {
    let unlisten = () => {};
    const timer = setTimeout(() => {
      unlisten();
      reject(new Error(`Timed out waiting; last state: ${JSON.stringify(store.get(), replacer).slice(0, 800)}`));
    }, timeoutMs);
    unlisten = store.subscribe((state) => {
      if (!predicate(state as S)) return;
      clearTimeout(timer);
      queueMicrotask(() => unlisten());
      resolve(state as S);
    });
  });
}

/** Polls `check` until it returns true. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Records every state a store publishes while listened to. */
export function recordStates<S>(store: ReadableAtom<S>): { states: S[]; stop(): void } {
  const states: S[] = [];
  const stop = store.listen((state) => void states.push(state as S));
  return { states, stop };
}

const replacer = (_key: string, value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}` : value);
