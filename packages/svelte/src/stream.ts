import { streamArguments, streamHook } from "@trigger-realtime/core/adapter";
import type { DefinedStream, InferStreamPart, StreamState } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook, reactiveSubscription } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveSubscription, StreamOptions, StreamStore } from "./types.js";

/** The parts of a defined stream of run `runId`: `$text.parts`. */
export function streamStore<TStream extends DefinedStream>(
  stream: TStream,
  runId: string | undefined,
  options?: StreamOptions<InferStreamPart<TStream>>,
): StreamStore<InferStreamPart<TStream>>;
/** The parts of stream `streamKey` of run `runId`. */
export function streamStore<TPart = unknown>(runId: string | undefined, streamKey: string, options?: StreamOptions<TPart>): StreamStore<TPart>;
/** The parts of the `"default"` stream of run `runId`. */
export function streamStore<TPart = unknown>(runId: string | undefined, options?: StreamOptions<TPart>): StreamStore<TPart>;
export function streamStore<TPart>(first: unknown, second?: unknown, third?: unknown): StreamStore<TPart> {
  const { runId, streamKey, options } = streamArguments<StreamOptions<TPart>>(first, second, third);
  const { atom, subscribe } = bindAtom(streamHook<TPart>, [runId, streamKey, options]);
  return { subscribe, stop: atom.stop };
}

/** `streamStore` as `stream.current`; every argument may be a getter. */
export function useStream<TStream extends DefinedStream>(
  stream: TStream,
  runId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<StreamOptions<InferStreamPart<TStream>> | undefined>,
): ReactiveSubscription<StreamState<InferStreamPart<TStream>>>;
export function useStream<TPart = unknown>(
  runId: MaybeGetter<string | undefined>,
  streamKey: MaybeGetter<string>,
  options?: MaybeGetter<StreamOptions<TPart> | undefined>,
): ReactiveSubscription<StreamState<TPart>>;
export function useStream<TPart = unknown>(
  runId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<StreamOptions<TPart> | undefined>,
): ReactiveSubscription<StreamState<TPart>>;
export function useStream<TPart>(first: unknown, second?: unknown, third?: unknown): ReactiveSubscription<StreamState<TPart>> {
  return reactiveSubscription(
    followHook(streamHook<TPart>, () => {
      const { runId, streamKey, options } = streamArguments<StreamOptions<TPart>>(read(first), read(second), read(third));
      return [runId, streamKey, options] as const;
    }),
  );
}
