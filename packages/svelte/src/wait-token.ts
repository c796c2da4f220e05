import { RealtimeError, waitToken as coreWaitToken, type WaitTokenState } from "@trigger-realtime/core";
import { selectAction, unavailableAction } from "@trigger-realtime/core";
import { latestAction } from "./action.js";
import { authSource, withAuth } from "./auth.js";
import { bindStore } from "./bind-store.js";
import { follow } from "./follow.js";
import { read } from "./getter.js";
import type { ActionOptions, MaybeGetter, ReactiveWaitToken, WaitTokenStore, WaitTokenStoreState } from "./types.js";

const idle: WaitTokenState = { isLoading: false, isCompleted: false, error: undefined };

function select<TOutput>(tokenId: string | undefined, options: ActionOptions) {
  const store = tokenId
    ? selectAction(options, idle, (client) => coreWaitToken<TOutput>(client, tokenId))
    : unavailableAction(idle, new RealtimeError("bad_request", "No wait token id: pass the token's id to waitToken"));
  const isReady = Boolean(tokenId && options.accessToken);
  return { store, map: (state: WaitTokenState): WaitTokenStoreState => ({ ...state, isReady }) };
}

/**
 * Completes the wait token `tokenId` (`waitpoint_…`), e.g. from an Approve button; the token's
 * own public access token goes in `accessToken`. `$approval.isLoading`, `.isCompleted`,
 * `.isReady`, `.error`, and `await approval.complete(output)`.
 */
export function waitToken<TOutput = unknown>(tokenId: string | undefined, options?: ActionOptions): WaitTokenStore<TOutput> {
  const { store, map } = select<TOutput>(tokenId, withAuth(authSource(), options));
  return { subscribe: bindStore(store, { map }).subscribe, complete: (output) => store.complete(output) as Promise<{ success: true }> };
}

/** `waitToken` as `approval.current`; follows getters (`useWaitToken(() => run.current.run?.metadata?.waitpointId, …)`). */
export function useWaitToken<TOutput = unknown>(
  tokenId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<ActionOptions | undefined>,
): ReactiveWaitToken<TOutput> {
  const auth = authSource();
  const selected = latestAction(() => [read(tokenId), withAuth(auth, read(options))], select<TOutput>);
  const followed = follow(() => selected().store);
  return {
    get current() {
      return selected().map(followed.current);
    },
    complete: (output) => selected().store.complete(output) as Promise<{ success: true }>,
  };
}
