import { afterEach } from "vitest";

/**
 * Teardowns registered during a test run after it, passed or failed, so a failing test never
 * leaves a listener (and with it a connection) open for the next one. The returned function
 * registers one and hands back a version that may also be called early; each runs once.
 */
export function useTeardowns(): <T extends () => void>(teardown: T) => () => void {
  const pending = new Set<() => void>();
  afterEach(() => {
    for (const teardown of [...pending].reverse()) teardown();
    pending.clear();
  });
  return (teardown) => {
    const once = () => {
      if (!pending.delete(once)) return;
      teardown();
    };
    pending.add(once);
    return once;
  };
}
