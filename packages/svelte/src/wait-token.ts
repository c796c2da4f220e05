import { waitTokenHook } from "@trigger-realtime/core/adapter";
import { bindAtom } from "./bind-store.js";
import { followHook } from "./follow.js";
import { read } from "./getter.js";
import type { ActionOptions, MaybeGetter, ReactiveWaitToken, WaitTokenStore } from "./types.js";

/**
 * Completes the wait token `tokenId` (`waitpoint_…`), e.g. from an Approve button; the token's
 * own public access token goes in `accessToken`. `$approval.isLoading`, `.isCompleted`,
 * `.isReady` (once an id is given), `.error`, and `await approval.complete(output)`.
 */
export function waitToken<TOutput = unknown>(tokenId: string | undefined, options?: ActionOptions): WaitTokenStore<TOutput> {
  const { atom, subscribe } = bindAtom(waitTokenHook<TOutput>, [tokenId, options]);
  return { subscribe, complete: atom.complete };
}

/** `waitToken` as `approval.current`; follows getters (`useWaitToken(() => run.current.run?.metadata?.waitpointId, …)`). */
export function useWaitToken<TOutput = unknown>(
  tokenId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<ActionOptions | undefined>,
): ReactiveWaitToken<TOutput> {
  const followed = followHook(waitTokenHook<TOutput>, () => [read(tokenId), read(options)] as const);
  return {
    get current() {
      return followed.current;
    },
    complete: (output) => followed.store.complete(output),
  };
}
