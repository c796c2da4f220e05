import { useEffect, useMemo } from "react";
import { onStreamParts, selectStreamStore, type StreamPart, type StreamState } from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";
import type { UseRealtimeStreamInstance, UseRealtimeStreamOptions } from "./types.js";
import { storeKey, throttleKey, useMergedOptions } from "./use-options.js";
import { useLatest } from "./use-latest.js";
import { useStore } from "./use-store.js";

/** A stream defined with `streams.define({ id })` from `@trigger.dev/sdk`; only `id` is read. */
export interface DefinedStream {
  id: string;
}

/** The part type of a defined stream (from its `read()`), else `unknown`. */
export type InferStreamPart<TStream> = TStream extends { read: (...args: any[]) => PromiseLike<AsyncIterable<infer TPart>> }
  ? TPart
  : unknown;

/** The parts of a defined stream of run `runId`. */
export function useRealtimeStream<TStream extends DefinedStream>(
  stream: TStream,
  runId: string,
  options?: UseRealtimeStreamOptions<InferStreamPart<TStream>>,
): UseRealtimeStreamInstance<InferStreamPart<TStream>>;
/** The parts of stream `streamKey` of run `runId`. */
export function useRealtimeStream<TPart>(
  runId: string,
  streamKey: string,
  options?: UseRealtimeStreamOptions<TPart>,
): UseRealtimeStreamInstance<TPart>;
/** The parts of the `"default"` stream of run `runId`. */
export function useRealtimeStream<TPart>(runId: string, options?: UseRealtimeStreamOptions<TPart>): UseRealtimeStreamInstance<TPart>;
export function useRealtimeStream<TPart>(
  first: string | DefinedStream,
  second?: string | UseRealtimeStreamOptions<TPart>,
  third?: UseRealtimeStreamOptions<TPart>,
): UseRealtimeStreamInstance<TPart> {
  const [runId, streamKey, options] =
    typeof first === "object"
      ? [second as string, first.id, third]
      : typeof second === "string"
        ? [first, second, third]
        : [first, "default", second];

  const merged = useMergedOptions(options);
  const { startIndex, lastEventId, from, timeoutInSeconds, maxParts } = merged;
  // A numeric id and its text name the same part: one key.
  const key = storeKey(merged, runId, streamKey, startIndex, lastEventId?.toString(), from, timeoutInSeconds, maxParts, throttleKey(merged));
  // Re-picked only when a value the store depends on changes (`key`), not on new object identities.
  const store = useMemo(() => selectStreamStore<TPart>(runId, streamKey, merged), [key]);
  const { parts, lastEventId: latestId, error, isLoading, status } = useStore(store);
  useStreamCallbacks(store, merged.onParts, merged.onData);
  const stop = store.stop; // stable per store, safe to call detached
  return { parts, lastEventId: latestId, error, stop, isLoading, status };
}

/** Feeds each published update to the latest `onParts`, and each of its parts to `onData`. */
function useStreamCallbacks<TPart>(
  store: ReadableAtom<StreamState<TPart>>,
  onParts: ((parts: StreamPart<TPart>[]) => void) | undefined,
  onData: ((data: TPart) => void) | undefined,
): void {
  const latestOnParts = useLatest(onParts);
  const latestOnData = useLatest(onData);
  const wanted = onParts !== undefined || onData !== undefined;
  useEffect(() => {
    if (!wanted) return;
    return onStreamParts(store, (parts) => {
      latestOnParts.current?.(parts);
      const onEach = latestOnData.current;
      if (onEach) for (const part of parts) onEach(part.chunk);
    });
  }, [store, wanted, latestOnParts, latestOnData]);
}
