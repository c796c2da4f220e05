import { runQueryHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, RunQueryState, TaskOutput, TaskPayload } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, Reactive, RunQueryOptions, RunQueryStore } from "./types.js";

/**
 * The run from the management API (not realtime), as a store: `$query.run`, `.isLoading`,
 * `.isValidating`, `.isError`. Fetched once, then every `refreshInterval` until final, on focus and on reconnect.
 */
export function runQueryStore<TTask = AnyTask>(runId: string | undefined, options?: RunQueryOptions): RunQueryStore<TTask> {
  return { subscribe: bindAtom(runQueryHook<TTask>, [runId, options]).subscribe };
}

/** `runQueryStore` as `query.current`; every argument may be a getter. */
export function useRunQuery<TTask = AnyTask>(
  runId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<RunQueryOptions | undefined>,
): Reactive<RunQueryState<TaskPayload<TTask>, TaskOutput<TTask>>> {
  const followed = followHook(runQueryHook<TTask>, () => [read(runId), read(options)] as const);
  return {
    get current() {
      return followed.current;
    },
  };
}
