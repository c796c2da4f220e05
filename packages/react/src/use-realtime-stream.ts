import { streamArguments, streamHook } from "@trigger-realtime/core/adapter";
import type { DefinedStream, InferStreamPart } from "@trigger-realtime/core";
import type { UseRealtimeStreamInstance, UseRealtimeStreamOptions } from "./types.js";
import { useHook } from "./use-hook.js";

/** The parts of a defined stream of run `runId`. */
export function useRealtimeStream<TStream extends DefinedStream>(
  stream: TStream,
  runId: string,
  options?: UseRealtimeStreamOptions<InferStreamPart<TStream>>,
): UseRealtimeStreamInstance<InferStreamPart<TStream>>;
/** The parts of stream `streamKey` of run `runId`. */
export function useRealtimeStream<TPart>(runId: string, streamKey: string, options?: UseRealtimeStreamOptions<TPart>): UseRealtimeStreamInstance<TPart>;
/** The parts of the `"default"` stream of run `runId`. */
export function useRealtimeStream<TPart>(runId: string, options?: UseRealtimeStreamOptions<TPart>): UseRealtimeStreamInstance<TPart>;
export function useRealtimeStream<TPart>(first: unknown, second?: unknown, third?: unknown): UseRealtimeStreamInstance<TPart> {
  const { runId, streamKey, options } = streamArguments<UseRealtimeStreamOptions<TPart>>(first, second, third);
  const { store, state } = useHook(streamHook<TPart>, [runId, streamKey, options]);
  const { parts, lastEventId, error, isLoading, status } = state;
  return { parts, lastEventId, error, stop: store.stop, isLoading, status };
}
