import type { ReadableAtom } from "nanostores";

const describeValue = (value: unknown) =>
  JSON.stringify(value, (_key, item) => (item instanceof Error ? `${item.name}: ${item.message}` : typeof item === "bigint" ? String(item) : item))?.slice(0, 600);

/** The first state of `store` that satisfies `predicate` (listening keeps the store mounted meanwhile). */
export function waitForState<S>(store: ReadableAtom<S>, predicate: (state: S) => boolean, timeoutMs = 20_000, what = "state"): Promise<S> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      const state = store.get() as { status?: unknown; error?: unknown };
      reject(new Error(`Timed out waiting for ${what}; status ${String(state?.status)}, error ${describeValue(state?.error)}; last state: ${describeValue(state)}`));
    }, timeoutMs);
    unsubscribe = store.subscribe((state) => {
      if (!predicate(state as S)) return;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe());
      resolve(state as S);
    });
  });
}

/** Polls `check` every 25 ms until it holds. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(25);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
