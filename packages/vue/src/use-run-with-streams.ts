import { toValue, type MaybeRefOrGetter } from "vue";
import { selectRunWithStreamsStore, type AnyTask, type Metadata, type StreamsRecord } from "@trigger-realtime/core";
import { bindStore } from "./bind-store.js";
import { useOptions } from "./options.js";
import { readonlyRefs } from "./readonly-refs.js";
import { completion } from "./run-complete.js";
import type { OptionsInput, UseRunOptions, UseRunWithStreamsReturn } from "./types.js";

/** The run `runId` and the parts of every stream it writes (`streams.value.text`, …), live. */
export function useRunWithStreams<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: MaybeRefOrGetter<string | undefined>,
  options?: OptionsInput<UseRunOptions<TTask, TMetadata>>,
): UseRunWithStreamsReturn<TTask, TStreams, TMetadata> {
  const resolved = useOptions(options);
  const { store, state } = bindStore(
    "useRunWithStreams",
    () => [toValue(runId), resolved.value],
    () => selectRunWithStreamsStore<TTask, TStreams, TMetadata>(toValue(runId), resolved.value),
    completion(() => resolved.value.onComplete),
  );
  return { ...readonlyRefs(state, ["run", "streams", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
