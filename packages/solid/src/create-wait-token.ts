import { waitTokenHook } from "@trigger-realtime/core/adapter";
import { bindHook, field } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { ActionOptions, WaitTokenResult } from "./types.js";

/**
 * Completes the wait token `tokenId` (`waitpoint_…`), e.g. from an Approve button; the token's
 * own public access token goes in `accessToken`. `isReady()` once an id is given.
 */
export function createWaitToken<TOutput = unknown>(
  tokenId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<ActionOptions | undefined>,
): WaitTokenResult<TOutput> {
  const { store, state } = bindHook(waitTokenHook<TOutput>, () => [access(tokenId), access(options)] as const);
  return {
    complete: (output: TOutput) => store().complete(output),
    isLoading: field(state, "isLoading"),
    isCompleted: field(state, "isCompleted"),
    isReady: field(state, "isReady"),
    error: field(state, "error"),
  };
}
