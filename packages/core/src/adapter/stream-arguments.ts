import type { DefinedStream } from "../types.js";

/** `(stream, runId, options?)`, `(runId, streamKey, options?)` or `(runId, options?)`, sorted out. */
export interface StreamArguments<O> {
  runId: string | undefined;
  streamKey: string;
  options: O | undefined;
}

/**
 * The three call forms of the official `useRealtimeStream`. Adapters pass plain values (their
 * refs, getters or accessors already read): an object first is a defined stream; a text second
 * is the stream key; otherwise the stream is `"default"` and the first object after the run id
 * is the options.
 */
export function streamArguments<O>(first: unknown, second?: unknown, third?: unknown): StreamArguments<O> {
  if (typeof first === "object" && first !== null) {
    return { runId: second as string | undefined, streamKey: (first as DefinedStream).id, options: third as O | undefined };
  }
  const options = (typeof second === "object" && second !== null ? second : third) as O | undefined;
  return { runId: first as string | undefined, streamKey: typeof second === "string" ? second : "default", options };
}
