import { toValue, type MaybeRefOrGetter } from "vue";
import { runWithStreamsHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata, StreamsRecord } from "@trigger-realtime/core";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseRunOptions, UseRunWithStreamsReturn } from "./types.js";

/** The run `runId` and the parts of every stream it writes (`streams.value.text`, …), live. */
export function useRunWithStreams<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: MaybeRefOrGetter<string | undefined>,
  options?: OptionsInput<UseRunOptions<TTask, TMetadata>>,
): UseRunWithStreamsReturn<TTask, TStreams, TMetadata> {
  const { store, state } = bindHook("useRunWithStreams", runWithStreamsHook<TTask, TStreams, TMetadata>, () => [
    toValue(runId),
    resolveFields(options),
  ] as const);
  return { ...readonlyRefs(state, ["run", "streams", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
