import { runHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata } from "@trigger-realtime/core";
import type { UseRealtimeRunInstance, UseRealtimeSingleRunOptions } from "./types.js";
import { useHook } from "./use-hook.js";

/**
 * The run `runId`, live. Every component on the same run (same token and options) shares one
 * connection. Changing the run id, token or `skipColumns` moves to that subscription's state.
 */
export function useRealtimeRun<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  runId?: string,
  options?: UseRealtimeSingleRunOptions<TTask, TMetadata>,
): UseRealtimeRunInstance<TTask, TMetadata> {
  const { store, state } = useHook(runHook<TTask, TMetadata>, [runId, options]);
  const { run, error, isLoading, status } = state;
  return { run, error, stop: store.stop, isLoading, status };
}
