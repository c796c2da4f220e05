import { selectBatchStore, type AnyTask, type Metadata } from "@trigger-realtime/core";
import { useTriggerAuth, withAuth } from "./auth.js";
import { bindStore, field, subscriptionFields } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import { mirrorRuns } from "./run-list.js";
import type { CreateBatchOptions, RunsResult } from "./types.js";

/** Every run of the batch `batchId`, live, oldest first. */
export function createBatch<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  batchId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<CreateBatchOptions | undefined>,
): RunsResult<TTask, TMetadata> {
  const auth = useTriggerAuth();
  const bound = bindStore(() => selectBatchStore<TTask, TMetadata>(access(batchId), withAuth(auth, access(options))));
  return { runs: mirrorRuns(bound.store, field(bound.state, "runs")), ...subscriptionFields(bound) };
}
