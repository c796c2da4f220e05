import { toValue, type MaybeRefOrGetter, type Ref } from "vue";
import { onRunComplete, selectRunWithStreamsStore, type AnyTask, type Metadata, type RunWithStreamsState, type StreamsRecord } from "@trigger-realtime/core";
import { bindStore, fieldRefs } from "./bind-store.js";
import { useOptions } from "./options.js";
import type { UseRunOptions } from "./types.js";

/** The run and the parts of every stream it writes: `{ run, streams, error, status, isLoading, stop }`. */
export function useRunWithStreams<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: MaybeRefOrGetter<string | undefined>,
  options?: MaybeRefOrGetter<UseRunOptions<TTask, TMetadata> | undefined>,
) {
  const resolve = useOptions(options);
  const { store, state } = bindStore(
    () => selectRunWithStreamsStore<TTask, TStreams, TMetadata>(toValue(runId), resolve()),
    (current) => onRunComplete(current, (run, error) => resolve().onComplete?.(run, error)),
  );
  const typed = state as Readonly<Ref<RunWithStreamsState<TTask, TStreams, TMetadata>>>;
  return { ...fieldRefs(typed, ["run", "streams", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
