import { isRef, toValue, type MaybeRefOrGetter } from "vue";
import { onStreamParts, selectStreamStore } from "@trigger-realtime/core";
import { bindStore } from "./bind-store.js";
import { useOptions } from "./options.js";
import { readonlyRefs } from "./readonly-refs.js";
import type { OptionsInput, UseStreamOptions, UseStreamReturn } from "./types.js";

/** A stream defined with `streams.define({ id })` from `@trigger.dev/sdk`; only `id` is read. */
export interface DefinedStream {
  id: string;
}

/** The part type of a defined stream (from its `read()`), else `unknown`. */
export type InferStreamPart<TStream> = TStream extends { read: (...args: any[]) => PromiseLike<AsyncIterable<infer TPart>> } ? TPart : unknown;

type RunId = MaybeRefOrGetter<string | undefined>;

/** The parts of a defined stream of run `runId`, live. */
export function useStream<TStream extends DefinedStream>(
  stream: TStream,
  runId: RunId,
  options?: OptionsInput<UseStreamOptions<InferStreamPart<TStream>>>,
): UseStreamReturn<InferStreamPart<TStream>>;
/** The parts of stream `streamKey` of run `runId`, live. */
export function useStream<TPart = unknown>(runId: RunId, streamKey: MaybeRefOrGetter<string>, options?: OptionsInput<UseStreamOptions<TPart>>): UseStreamReturn<TPart>;
/** The parts of the `"default"` stream of run `runId`, live. */
export function useStream<TPart = unknown>(runId: RunId, options?: OptionsInput<UseStreamOptions<TPart>>): UseStreamReturn<TPart>;
export function useStream<TPart>(first: unknown, second?: unknown, third?: unknown): UseStreamReturn<TPart> {
  const { runId, streamKey, options } = streamArguments<TPart>(first, second, third);
  const resolved = useOptions(options);
  const { store, state } = bindStore(
    "useStream",
    () => [toValue(runId), toValue(streamKey), resolved.value],
    () => selectStreamStore<TPart>(toValue(runId), toValue(streamKey) ?? "default", resolved.value),
    (current) =>
      onStreamParts(current, (parts) => {
        const { onParts, onData } = resolved.value;
        onParts?.(parts);
        if (onData) for (const part of parts) onData(part.chunk);
      }),
  );
  return { ...readonlyRefs(state, ["parts", "lastEventId", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}

/** Sorts out the three call forms: (stream, runId, options), (runId, key, options), (runId, options). */
function streamArguments<TPart>(first: unknown, second: unknown, third: unknown) {
  const defined = typeof first === "object" && first !== null && !isRef(first) && typeof (first as DefinedStream).id === "string";
  if (defined) return { runId: second as RunId, streamKey: (first as DefinedStream).id, options: third as OptionsInput<UseStreamOptions<TPart>> };
  // The second argument is a key unless it is missing or resolves to an options object.
  const isKey = second !== undefined && typeof toValue(second) !== "object";
  return {
    runId: first as RunId,
    streamKey: (isKey ? second : undefined) as MaybeRefOrGetter<string | undefined>,
    options: (isKey ? third : second) as OptionsInput<UseStreamOptions<TPart>>,
  };
}
