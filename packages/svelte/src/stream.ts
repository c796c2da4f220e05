import { selectStreamStore, type StreamState } from "@trigger-realtime/core";
import { authSource, withAuth } from "./auth.js";
import { realtimeStore } from "./bind-store.js";
import { streamParts } from "./callbacks.js";
import { follow, reactiveSubscription } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveSubscription, StreamOptions, StreamStore } from "./types.js";

/** A stream defined with `streams.define({ id })` from `@trigger.dev/sdk`; only `id` is read. */
export interface DefinedStream {
  id: string;
}

/** The part type of a defined stream (from its `read()`), else `unknown`. */
export type InferStreamPart<TStream> = TStream extends { read: (...args: any[]) => PromiseLike<AsyncIterable<infer TPart>> }
  ? TPart
  : unknown;

type StreamArgs<TPart> = [runId: string | undefined, streamKey: string, options: StreamOptions<TPart> | undefined];

/** The three call forms of the official `useRealtimeStream`, as `[runId, streamKey, options]`. */
function streamArgs<TPart>(first: unknown, second: unknown, third: unknown): StreamArgs<TPart> {
  if (typeof first === "object" && first !== null) return [second as string | undefined, (first as DefinedStream).id, third as StreamOptions<TPart>];
  if (typeof second === "string" || second === undefined) return [first as string | undefined, second ?? "default", third as StreamOptions<TPart>];
  return [first as string | undefined, "default", second as StreamOptions<TPart>];
}

function select<TPart>(auth: ReturnType<typeof authSource>, [runId, streamKey, options]: StreamArgs<TPart>) {
  return selectStreamStore<TPart>(runId, streamKey, withAuth(auth, options));
}

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
  const args = streamArgs<TPart>(first, second, third);
  return realtimeStore(select(authSource(), args), { attach: streamParts(() => args[2]) });
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
  const auth = authSource();
  const args = () => streamArgs<TPart>(read(first), read(second), read(third));
  return reactiveSubscription(follow(() => select(auth, args()), { attach: streamParts(() => args()[2]) }));
}
