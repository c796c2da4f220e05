import { computed, toValue, type MaybeRefOrGetter, type Ref } from "vue";
import { RealtimeError, selectAction, unavailableAction, waitToken, type AuthOptions, type WaitTokenState } from "@trigger-realtime/core";
import { bindStore, fieldRefs } from "./bind-store.js";
import { useOptions } from "./options.js";

const idle: WaitTokenState = { isLoading: false, isCompleted: false, error: undefined };

/**
 * Completes the wait token `tokenId` (e.g. an Approve button): `{ complete, isLoading,
 * isCompleted, isReady, error }`; `complete(output)` resolves once the server accepted it.
 */
export function useWaitToken<TOutput = unknown>(
  tokenId: MaybeRefOrGetter<string | undefined>,
  options?: MaybeRefOrGetter<(AuthOptions & { enabled?: boolean }) | undefined>,
) {
  const resolve = useOptions(options);
  const { store, state } = bindStore(() => {
    const id = toValue(tokenId);
    return id
      ? selectAction(resolve(), idle, (client) => waitToken<TOutput>(client, id))
      : unavailableAction(idle, new RealtimeError("bad_request", "No wait token id: pass the token's id to useWaitToken"));
  });
  const complete = (output: TOutput) => store.value.complete(output) as Promise<{ success: true }>;
  const isReady = computed(() => Boolean(toValue(tokenId)) && Boolean(resolve().accessToken));
  return { ...fieldRefs(state as Readonly<Ref<WaitTokenState>>, ["isLoading", "isCompleted", "error"]), isReady, complete };
}
