import { streamArguments, streamHook } from "@trigger-realtime/core/adapter";
import type { DefinedStream, InferStreamPart } from "@trigger-realtime/core";
import { bindHook, field, subscriptionFields } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { CreateStreamOptions, StreamResult } from "./types.js";

/** The parts of a defined stream of run `runId`. */
export function createStream<TStream extends DefinedStream>(
  stream: TStream,
  runId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<CreateStreamOptions<InferStreamPart<TStream>> | undefined>,
): StreamResult<InferStreamPart<TStream>>;
/** The parts of stream `streamKey` of run `runId`. */
export function createStream<TPart = unknown>(
  runId: MaybeAccessor<string | undefined>,
  streamKey: MaybeAccessor<string>,
  options?: MaybeAccessor<CreateStreamOptions<TPart> | undefined>,
): StreamResult<TPart>;
/** The parts of the `"default"` stream of run `runId`. */
export function createStream<TPart = unknown>(
  runId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<CreateStreamOptions<TPart> | undefined>,
): StreamResult<TPart>;
export function createStream<TPart>(first: unknown, second?: unknown, third?: unknown): StreamResult<TPart> {
  // Which form was used is known only once the accessors are read, so it is decided reactively.
  const bound = bindHook(streamHook<TPart>, () => {
    const { runId, streamKey, options } = streamArguments<CreateStreamOptions<TPart>>(access(first), access(second), access(third));
    return [runId, streamKey, options] as const;
  });
  return { parts: field(bound.state, "parts"), lastEventId: field(bound.state, "lastEventId"), ...subscriptionFields(bound) };
}
