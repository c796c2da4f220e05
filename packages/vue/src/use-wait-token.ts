import { toValue, type MaybeRefOrGetter } from "vue";
import { waitTokenHook } from "@trigger-realtime/core/adapter";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseWaitTokenOptions, UseWaitTokenReturn } from "./types.js";

/** Completes the wait token `tokenId` (e.g. an Approve button); `complete(output)` resolves once accepted. */
export function useWaitToken<TOutput = unknown>(
  tokenId: MaybeRefOrGetter<string | undefined>,
  options?: OptionsInput<UseWaitTokenOptions>,
): UseWaitTokenReturn<TOutput> {
  const { store, state } = bindHook("useWaitToken", waitTokenHook<TOutput>, () => [toValue(tokenId), resolveFields(options)] as const);
  const complete = (output: TOutput) => store.value.complete(output);
  return { ...readonlyRefs(state, ["isLoading", "isCompleted", "isReady", "error"]), complete };
}
