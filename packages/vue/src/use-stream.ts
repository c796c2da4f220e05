import { toValue, type MaybeRefOrGetter } from "vue";
import { streamArguments, streamHook } from "@trigger-realtime/core/adapter";
import type { DefinedStream, InferStreamPart } from "@trigger-realtime/core";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseStreamOptions, UseStreamReturn } from "./types.js";

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
  const { store, state } = bindHook("useStream", streamHook<TPart>, () => {
    const { runId, streamKey, options } = streamArguments<OptionsInput<UseStreamOptions<TPart>>>(toValue(first), toValue(second), toValue(third));
    return [runId, streamKey, resolveFields(options)] as const;
  });
  return { ...readonlyRefs(state, ["parts", "lastEventId", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
