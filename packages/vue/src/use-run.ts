import { toValue, type MaybeRefOrGetter } from "vue";
import { runHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata } from "@trigger-realtime/core";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseRunOptions, UseRunReturn } from "./types.js";

/**
 * The run `runId`, live. A new id, token or `skipColumns` moves to that subscription (never
 * showing the previous run); components on the same run share one connection.
 */
export function useRun<TTask = AnyTask, TMetadata = Metadata>(
  runId: MaybeRefOrGetter<string | undefined>,
  options?: OptionsInput<UseRunOptions<TTask, TMetadata>>,
): UseRunReturn<TTask, TMetadata> {
  const { store, state } = bindHook("useRun", runHook<TTask, TMetadata>, () => [toValue(runId), resolveFields(options)] as const);
  return { ...readonlyRefs(state, ["run", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
