import { runHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata } from "@trigger-realtime/core";
import { bindHook, field, subscriptionFields } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { CreateRunOptions, RunResult } from "./types.js";

/**
 * The run `runId`, live. Every primitive on the same run (same token and options) shares one
 * connection. A new id, token or `skipColumns` moves to that subscription at once.
 */
export function createRun<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  runId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<CreateRunOptions<TTask, TMetadata> | undefined>,
): RunResult<TTask, TMetadata> {
  const bound = bindHook(runHook<TTask, TMetadata>, () => [access(runId), access(options)] as const);
  return { run: field(bound.state, "run"), ...subscriptionFields(bound) };
}
