import { useMemo } from "react";
import { selectBatchStore, type AnyTask, type Metadata } from "@trigger-realtime/core";
import type { UseRealtimeBatchOptions, UseRealtimeRunsInstance } from "./types.js";
import { columnsKey, storeKey, throttleKey, useMergedOptions } from "./use-options.js";
import { useStore } from "./use-store.js";

/** Every run of the batch `batchId`, live, oldest first. */
export function useRealtimeBatch<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  batchId: string,
  options?: UseRealtimeBatchOptions,
): UseRealtimeRunsInstance<TTask, TMetadata> {
  const merged = useMergedOptions(options);
  const key = storeKey(merged, batchId, columnsKey(merged.skipColumns), throttleKey(merged));
  // Re-picked only when a value the store depends on changes (`key`), not on new object identities.
  const store = useMemo(() => selectBatchStore<TTask, TMetadata>(batchId, merged), [key]);
  const { runs, error, isLoading, status } = useStore(store);
  const stop = store.stop; // stable per store, safe to call detached
  return { runs, error, stop, isLoading, status };
}
