import { RealtimeError, waitToken, type WaitTokenState } from "@trigger-realtime/core";
import { actionConfig } from "./action-config.js";
import { selectAction, unavailableAction } from "@trigger-realtime/core";
import { useTriggerAuth } from "./auth.js";
import { bindStore, field } from "./bind-store.js";
import type { MaybeAccessor } from "./maybe-accessor.js";
import type { ActionOptions, WaitTokenResult } from "./types.js";

const idle: WaitTokenState = { isLoading: false, isCompleted: false, error: undefined };

/**
 * Completes the wait token `tokenId` (`waitpoint_…`), e.g. from an Approve button; the token's
 * own public access token goes in `accessToken`. `isReady()` once an id is given.
 */
export function createWaitToken<TOutput = unknown>(
  tokenId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<ActionOptions | undefined>,
): WaitTokenResult<TOutput> {
  const config = actionConfig(useTriggerAuth(), tokenId, options);
  const { store, state } = bindStore(() => {
    const { id, options } = config();
    return id
      ? selectAction(options, idle, (client) => waitToken<TOutput>(client, id))
      : unavailableAction(idle, new RealtimeError("bad_request", "No wait token id: pass the token's id to createWaitToken"));
  });
  return {
    complete: (output: TOutput) => store().complete(output) as Promise<{ success: true }>,
    isLoading: field(state, "isLoading"),
    isCompleted: field(state, "isCompleted"),
    isReady: () => Boolean(config().id),
    error: field(state, "error"),
  };
}
