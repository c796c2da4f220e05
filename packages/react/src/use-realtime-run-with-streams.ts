import { useMemo } from "react";
import { selectRunWithStreamsStore, type AnyTask, type Metadata } from "@trigger-realtime/core";
import type { UseRealtimeRunWithStreamsInstance, UseRealtimeSingleRunOptions } from "./types.js";
import { columnsKey, storeKey, throttleKey, useMergedOptions } from "./use-options.js";
import { useRunComplete } from "./use-run-complete.js";
import { useStore } from "./use-store.js";

/** The run `runId` and the parts of every stream it writes, live (`streams.text`, …). */
export function useRealtimeRunWithStreams<
  TTask extends AnyTask = AnyTask,
  TStreams extends Record<string, any> = Record<string, any>,
  TMetadata = Metadata,
>(runId?: string, options?: UseRealtimeSingleRunOptions<TTask, TMetadata>): UseRealtimeRunWithStreamsInstance<TTask, TStreams, TMetadata> {
  const merged = useMergedOptions(options);
  const key = storeKey(merged, runId, columnsKey(merged.skipColumns), merged.stopOnCompletion !== false, throttleKey(merged));
  // Re-picked only when a value the store depends on changes (`key`), not on new object identities.
  const store = useMemo(() => selectRunWithStreamsStore<TTask, TStreams, TMetadata>(runId, merged), [key]);
  const { run, streams, error, isLoading, status } = useStore(store);
  useRunComplete(store, merged.onComplete);
  const stop = store.stop; // stable per store, safe to call detached
  return { run, streams, error, stop, isLoading, status };
}
