import { runWithStreamsHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata } from "@trigger-realtime/core";
import type { UseRealtimeRunWithStreamsInstance, UseRealtimeSingleRunOptions } from "./types.js";
import { useHook } from "./use-hook.js";

/** The run `runId` and the parts of every stream it writes, live (`streams.text`, …). */
export function useRealtimeRunWithStreams<
  TTask extends AnyTask = AnyTask,
  TStreams extends Record<string, any> = Record<string, any>,
  TMetadata = Metadata,
>(runId?: string, options?: UseRealtimeSingleRunOptions<TTask, TMetadata>): UseRealtimeRunWithStreamsInstance<TTask, TStreams, TMetadata> {
  const { store, state } = useHook(runWithStreamsHook<TTask, TStreams, TMetadata>, [runId, options]);
  const { run, streams, error, isLoading, status } = state;
  return { run, streams, error, stop: store.stop, isLoading, status };
}
