import { batchHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata } from "@trigger-realtime/core";
import { bindHook, field, subscriptionFields } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import { mirrorRuns } from "./run-list.js";
import type { CreateBatchOptions, RunsResult } from "./types.js";

/** Every run of the batch `batchId`, live, oldest first. */
export function createBatch<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  batchId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<CreateBatchOptions | undefined>,
): RunsResult<TTask, TMetadata> {
  const bound = bindHook(batchHook<TTask, TMetadata>, () => [access(batchId), access(options)] as const);
  return { runs: mirrorRuns(bound.store, field(bound.state, "runs")), ...subscriptionFields(bound) };
}
