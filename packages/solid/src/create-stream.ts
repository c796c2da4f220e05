import { onStreamParts, selectStreamStore } from "@trigger-realtime/core";
import { useTriggerAuth, withAuth } from "./auth.js";
import { bindStore, field, subscriptionFields, whileBound } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { CreateStreamOptions, StreamResult } from "./types.js";

/** A stream defined with `streams.define({ id })` from `@trigger.dev/sdk`; only `id` is read. */
export interface DefinedStream {
  id: string;
}

/** The part type of a defined stream (from its `read()`), else `unknown`. */
export type InferStreamPart<TStream> = TStream extends { read: (...args: any[]) => PromiseLike<AsyncIterable<infer TPart>> }
  ? TPart
  : unknown;

type StreamArgs<TPart> = [runId: string | undefined, streamKey: string, options: CreateStreamOptions<TPart> | undefined];

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
export function createStream<TPart>(
  first: DefinedStream | MaybeAccessor<string | undefined>,
  second?: MaybeAccessor<string | undefined | CreateStreamOptions<TPart>>,
  third?: MaybeAccessor<CreateStreamOptions<TPart> | undefined>,
): StreamResult<TPart> {
  // Which form was used is known only once the accessors are read, so it is decided reactively.
  const args = (): StreamArgs<TPart> => {
    const head = access(first as MaybeAccessor<DefinedStream | string | undefined>);
    const next = access(second);
    if (typeof head === "object") return [next as string | undefined, head.id, access(third)];
    if (typeof next === "string" || next === undefined) return [head, next ?? "default", access(third)];
    return [head, "default", next];
  };
  const auth = useTriggerAuth();
  const bound = bindStore(() => {
    const [runId, streamKey, options] = args();
    return selectStreamStore<TPart>(runId, streamKey, withAuth(auth, options));
  });
  whileBound(bound.store, (store) =>
    onStreamParts(store, (parts) => {
      const { onParts, onData } = args()[2] ?? {};
      onParts?.(parts);
      if (onData) for (const part of parts) onData(part.chunk);
    }),
  );
  return { parts: field(bound.state, "parts"), lastEventId: field(bound.state, "lastEventId"), ...subscriptionFields(bound) };
}
