import { selectBatchStore, type AnyTask, type Metadata, type RunsState } from "@trigger-realtime/core";
import { authSource, withAuth } from "./auth.js";
import { realtimeStore } from "./bind-store.js";
import { follow, reactiveSubscription } from "./follow.js";
import { read } from "./getter.js";
import type { BatchOptions, MaybeGetter, ReactiveSubscription, RunsStore } from "./types.js";

/** Every run of the batch `batchId`, live, oldest first: `$batch.runs`. */
export function batchStore<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  batchId: string | undefined,
  options?: BatchOptions,
): RunsStore<TTask, TMetadata> {
  return realtimeStore(selectBatchStore<TTask, TMetadata>(batchId, withAuth(authSource(), options)));
}

/** `batchStore` as `batch.current`; follows getters. */
export function useBatch<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  batchId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<BatchOptions | undefined>,
): ReactiveSubscription<RunsState<TTask, TMetadata>> {
  const auth = authSource();
  return reactiveSubscription(follow(() => selectBatchStore<TTask, TMetadata>(read(batchId), withAuth(auth, read(options)))));
}
