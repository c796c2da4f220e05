import { toValue, type MaybeRefOrGetter } from "vue";
import { selectRunsWithTagStore, type AnyTask, type Metadata } from "@trigger-realtime/core";
import { bindStore } from "./bind-store.js";
import { useOptions } from "./options.js";
import { readonlyRefs } from "./readonly-refs.js";
import type { OptionsInput, UseRunsReturn, UseRunsWithTagOptions } from "./types.js";

/** Every run carrying all of `tags` (one tag or several, AND), live, oldest first. */
export function useRunsWithTag<TTask = AnyTask, TMetadata = Metadata>(
  tags: MaybeRefOrGetter<string | string[] | undefined>,
  options?: OptionsInput<UseRunsWithTagOptions>,
): UseRunsReturn<TTask, TMetadata> {
  const resolved = useOptions(options);
  const { store, state } = bindStore(
    "useRunsWithTag",
    () => [toValue(tags), resolved.value],
    () => selectRunsWithTagStore<TTask, TMetadata>(toValue(tags), resolved.value),
  );
  return { ...readonlyRefs(state, ["runs", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
