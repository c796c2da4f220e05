import { useMemo } from "react";
import { selectRunStore, type AnyTask, type Metadata } from "@trigger-realtime/core";
import type { UseRealtimeRunInstance, UseRealtimeSingleRunOptions } from "./types.js";
import { columnsKey, storeKey, throttleKey, useMergedOptions } from "./use-options.js";
import { useRunComplete } from "./use-run-complete.js";
import { useStore } from "./use-store.js";

/**
 * The run `runId`, live. Every component on the same run (same token and options) shares one
 * connection. Changing the run id, token or `skipColumns` moves to that subscription's state.
 */
export function useRealtimeRun<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  runId?: string,
  options?: UseRealtimeSingleRunOptions<TTask, TMetadata>,
): UseRealtimeRunInstance<TTask, TMetadata> {
  const merged = useMergedOptions(options);
  const key = storeKey(merged, runId, columnsKey(merged.skipColumns), merged.stopOnCompletion !== false, throttleKey(merged));
  // Re-picked only when a value the store depends on changes (`key`), not on new object identities.
  const store = useMemo(() => selectRunStore<TTask, TMetadata>(runId, merged), [key]);
  const { run, error, isLoading, status } = useStore(store);
  useRunComplete(store, merged.onComplete);
  const stop = store.stop; // stable per store, safe to call detached
  return { run, error, stop, isLoading, status };
}
