import { runQueryHook } from "@trigger-realtime/core/adapter";
import type { AnyTask } from "@trigger-realtime/core";
import { bindHook, field } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { CreateRunQueryOptions, RunQueryResult } from "./types.js";

/** The run from the management API (not realtime): fetched once, then every `refreshInterval` until it is final, on focus and on reconnect. */
export function createRunQuery<TTask = AnyTask>(runId: MaybeAccessor<string | undefined>, options?: MaybeAccessor<CreateRunQueryOptions | undefined>): RunQueryResult<TTask> {
  const { state } = bindHook(runQueryHook<TTask>, () => [access(runId), access(options)] as const);
  return {
    run: field(state, "run"),
    error: field(state, "error"),
    isLoading: field(state, "isLoading"),
    isValidating: field(state, "isValidating"),
    isError: field(state, "isError"),
  };
}
