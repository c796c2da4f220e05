import { computed, toValue, type MaybeRefOrGetter } from "vue";
import { RealtimeError, selectAction, unavailableAction, waitToken, type WaitTokenState } from "@trigger-realtime/core";
import { bindStore } from "./bind-store.js";
import { useOptions } from "./options.js";
import { readonlyRefs } from "./readonly-refs.js";
import type { OptionsInput, UseWaitTokenOptions, UseWaitTokenReturn } from "./types.js";

const idle: WaitTokenState = { isLoading: false, isCompleted: false, error: undefined };

/** Completes the wait token `tokenId` (e.g. an Approve button); `complete(output)` resolves once accepted. */
export function useWaitToken<TOutput = unknown>(
  tokenId: MaybeRefOrGetter<string | undefined>,
  options?: OptionsInput<UseWaitTokenOptions>,
): UseWaitTokenReturn<TOutput> {
  const resolved = useOptions(options);
  const { store, state } = bindStore(
    "useWaitToken",
    () => [toValue(tokenId), resolved.value],
    () => {
      const id = toValue(tokenId);
      return id
        ? selectAction(resolved.value, idle, (client) => waitToken<TOutput>(client, id))
        : unavailableAction(idle, new RealtimeError("bad_request", "No wait token id: pass the token's id to useWaitToken"));
    },
  );
  const complete = (output: TOutput) => store.value.complete(output);
  const isReady = computed(() => Boolean(toValue(tokenId)) && Boolean(resolved.value.accessToken));
  return { ...readonlyRefs(state, ["isLoading", "isCompleted", "error"]), isReady, complete };
}
