import { toValue, type MaybeRefOrGetter } from "vue";
import { selectBatchStore, type AnyTask, type Metadata } from "@trigger-realtime/core";
import { bindStore } from "./bind-store.js";
import { useOptions } from "./options.js";
import { readonlyRefs } from "./readonly-refs.js";
import type { OptionsInput, UseBatchOptions, UseRunsReturn } from "./types.js";

/** Every run of the batch `batchId`, live, oldest first. */
export function useBatch<TTask = AnyTask, TMetadata = Metadata>(
  batchId: MaybeRefOrGetter<string | undefined>,
  options?: OptionsInput<UseBatchOptions>,
): UseRunsReturn<TTask, TMetadata> {
  const resolved = useOptions(options);
  const { store, state } = bindStore(
    "useBatch",
    () => [toValue(batchId), resolved.value],
    () => selectBatchStore<TTask, TMetadata>(toValue(batchId), resolved.value),
  );
  return { ...readonlyRefs(state, ["runs", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
