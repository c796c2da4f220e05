import { toValue, type MaybeRefOrGetter } from "vue";
import { runsWithTagHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata } from "@trigger-realtime/core";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseRunsReturn, UseRunsWithTagOptions } from "./types.js";

/** Every run carrying all of `tags` (one tag or several, AND), live, oldest first. */
export function useRunsWithTag<TTask = AnyTask, TMetadata = Metadata>(
  tags: MaybeRefOrGetter<string | string[] | undefined>,
  options?: OptionsInput<UseRunsWithTagOptions>,
): UseRunsReturn<TTask, TMetadata> {
  const { store, state } = bindHook("useRunsWithTag", runsWithTagHook<TTask, TMetadata>, () => [toValue(tags), resolveFields(options)] as const);
  return { ...readonlyRefs(state, ["runs", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
