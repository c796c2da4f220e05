import { toValue, type MaybeRefOrGetter } from "vue";
import { selectRunStore, type AnyTask, type Metadata } from "@trigger-realtime/core";
import { bindStore } from "./bind-store.js";
import { useOptions } from "./options.js";
import { readonlyRefs } from "./readonly-refs.js";
import { completion } from "./run-complete.js";
import type { OptionsInput, UseRunOptions, UseRunReturn } from "./types.js";

/**
 * The run `runId`, live. A new id, token or `skipColumns` moves to that subscription (never
 * showing the previous run); components on the same run share one connection.
 */
export function useRun<TTask = AnyTask, TMetadata = Metadata>(
  runId: MaybeRefOrGetter<string | undefined>,
  options?: OptionsInput<UseRunOptions<TTask, TMetadata>>,
): UseRunReturn<TTask, TMetadata> {
  const resolved = useOptions(options);
  const { store, state } = bindStore(
    "useRun",
    () => [toValue(runId), resolved.value],
    () => selectRunStore<TTask, TMetadata>(toValue(runId), resolved.value),
    completion(() => resolved.value.onComplete),
  );
  return { ...readonlyRefs(state, ["run", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
