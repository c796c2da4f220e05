import { batchHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata } from "@trigger-realtime/core";
import type { UseRealtimeBatchOptions, UseRealtimeRunsInstance } from "./types.js";
import { useHook } from "./use-hook.js";

/** Every run of the batch `batchId`, live, oldest first. */
export function useRealtimeBatch<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  batchId: string,
  options?: UseRealtimeBatchOptions,
): UseRealtimeRunsInstance<TTask, TMetadata> {
  const { store, state } = useHook(batchHook<TTask, TMetadata>, [batchId, options]);
  const { runs, error, isLoading, status } = state;
  return { runs, error, stop: store.stop, isLoading, status };
}
