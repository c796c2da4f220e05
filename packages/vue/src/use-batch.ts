import { toValue, type MaybeRefOrGetter } from "vue";
import { batchHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata } from "@trigger-realtime/core";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseBatchOptions, UseRunsReturn } from "./types.js";

/** Every run of the batch `batchId`, live, oldest first. */
export function useBatch<TTask = AnyTask, TMetadata = Metadata>(
  batchId: MaybeRefOrGetter<string | undefined>,
  options?: OptionsInput<UseBatchOptions>,
): UseRunsReturn<TTask, TMetadata> {
  const { store, state } = bindHook("useBatch", batchHook<TTask, TMetadata>, () => [toValue(batchId), resolveFields(options)] as const);
  return { ...readonlyRefs(state, ["runs", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
