import { toValue, type MaybeRefOrGetter } from "vue";
import { onRunComplete, selectRunStore, type AnyTask, type Metadata, type RunState } from "@trigger-realtime/core";
import { bindStore, fieldRefs } from "./bind-store.js";
import { useOptions } from "./options.js";
import type { UseRunOptions } from "./types.js";

/**
 * The run `runId`, live: `{ run, error, status, isLoading, stop }`. A new id, token or
 * `skipColumns` moves to that subscription (no stale run); components on the same run share one
 * connection.
 */
export function useRun<TTask = AnyTask, TMetadata = Metadata>(
  runId: MaybeRefOrGetter<string | undefined>,
  options?: MaybeRefOrGetter<UseRunOptions<TTask, TMetadata> | undefined>,
) {
  const resolve = useOptions(options);
  const { store, state } = bindStore(
    () => selectRunStore<TTask, TMetadata>(toValue(runId), resolve()),
    (current) => onRunComplete(current, (run, error) => resolve().onComplete?.(run, error)),
  );
  return { ...fieldRefs(state as Readonly<import("vue").Ref<RunState<TTask, TMetadata>>>, ["run", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
