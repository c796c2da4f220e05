import { createComputed, type Accessor } from "solid-js";
import { createStore, reconcile, unwrap } from "solid-js/store";

/**
 * Mirrors the core's run list into a Solid store, reconciled by `id`: a row keeps its identity
 * while its run lives, and an update touches only the fields that changed, so `<For>` re-renders
 * only what moved.
 *
 * `reconcile` writes into the store's own objects, while the core's runs are shared by every
 * listener and must stay untouched, so a run enters the store as a copy. A run already mirrored
 * is passed as its store row, which reconcile skips at once: an update costs the changed runs,
 * not a walk through every field of the list.
 */
export function mirrorRuns<TRun extends { id: string }>(source: Accessor<unknown>, runs: Accessor<readonly TRun[]>): Accessor<TRun[]> {
  const [list, setList] = createStore<{ runs: TRun[] }>({ runs: [] });
  let rows = new WeakMap<TRun, TRun>();
  let mirrored: unknown;
  createComputed(() => {
    const next = runs();
    // Another list: its runs may share ids with rows that now hold other values.
    if (source() !== mirrored) {
      mirrored = source();
      rows = new WeakMap();
    }
    setList("runs", reconcile(next.map((run) => rows.get(run) ?? copyPlain(run)), { key: "id" }));
    const stored = unwrap(list).runs;
    next.forEach((run, index) => rows.set(run, stored[index]!));
  });
  return () => list.runs;
}

/** A copy of every plain object and array in `value` (what a Solid store wraps); Dates and other instances are shared. */
function copyPlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  if (value === null || typeof value !== "object") return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyPlain((value as Record<string, unknown>)[key]);
  return copy as T;
}
