/** What waiting needs of a store (a nanostores atom has it). */
interface Store<S> {
  get(): S;
  subscribe(listener: (state: S) => void): () => void;
}

const describeValue = (value: unknown) =>
  JSON.stringify(value, (_key, item) => (item instanceof Error ? `${item.name}: ${item.message}` : typeof item === "bigint" ? String(item) : item))?.slice(0, 800);

/** The first state of `store` that satisfies `predicate` (listening keeps the store mounted meanwhile). */
export function waitForState<S>(store: Store<S>, predicate: (state: S) => boolean, timeoutMs = 15_000, what = "state"): Promise<S> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      const state = store.get() as { status?: unknown; error?: unknown };
      reject(new Error(`Timed out waiting for ${what}; status ${String(state?.status)}, error ${describeValue(state?.error)}; last state: ${describeValue(state)}`));
    }, timeoutMs);
    unsubscribe = store.subscribe((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe());
      resolve(state);
    });
  });
}

/** Polls `check` (sync or async) every 20 ms until it returns something truthy, and hands that back. */
export async function eventually<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Options for a `waitFor` that waits on the dev server over HTTP. */
export const long = { timeout: 10_000 };

/**
 * How many throttle windows of `windowMs` have started since `startedAt`: a throttled
 * subscription publishes at most once per window (plus the leading publish), however slowly a
 * busy machine ran the steps in between. Bounds computed from this never assume a fast machine.
 */
export const windowsSince = (startedAt: number, windowMs: number) => Math.ceil((Date.now() - startedAt) / windowMs);
