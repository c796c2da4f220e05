import { atom, type ReadableAtom } from "nanostores";
import type { RealtimeClient } from "../client.js";
import { decodeWaitTokenAnswer } from "../decode/answers.js";
import { RealtimeError } from "../errors.js";
import type { WaitTokenState } from "../state.js";
import { actionRunner } from "./action-runner.js";
import { postJson } from "./post-json.js";

export interface WaitTokenStore<TOutput = unknown> extends ReadableAtom<WaitTokenState> {
  /**
   * Completes the token with `output`, resuming the run waiting on it. Resolves once the server
   * accepted it; a failure rejects and is also put in `error`.
   */
  complete(output: TOutput): Promise<{ success: true }>;
}

/** A wait token's state before any call: ready once there is an id. */
export const idleWaitTokenState = (tokenId: string | undefined): WaitTokenState => ({
  isLoading: false,
  isCompleted: false,
  error: undefined,
  isReady: Boolean(tokenId),
});

/**
 * An atom for completing the wait token `tokenId` (`waitpoint_…`):
 * `{ isLoading, isCompleted, isReady, error }` plus `complete(output)`.
 */
export function waitToken<TOutput = unknown>(client: RealtimeClient, tokenId: string | undefined): WaitTokenStore<TOutput> {
  const $state = atom<WaitTokenState>(idleWaitTokenState(tokenId));

  const complete = actionRunner(
    async (output: TOutput): Promise<{ success: true }> => {
      if (!tokenId) throw new RealtimeError("bad_request", "Cannot complete a wait token without its id");
      const what = `wait token ${tokenId}`;
      const { body } = await postJson<unknown>(client, `/api/v1/waitpoints/tokens/${encodeURIComponent(tokenId)}/complete`, { data: output }, what);
      return decodeWaitTokenAnswer(body, what);
    },
    {
      start: () => $state.set({ ...$state.get(), error: undefined, isLoading: true }),
      // Completing is idempotent: once done, the token stays completed whatever happens next.
      done: () => $state.set({ ...$state.get(), isLoading: false, isCompleted: true, error: undefined }),
      failed: (error) => $state.set({ ...$state.get(), isLoading: false, error }),
    },
  );

  return Object.assign($state, { complete });
}
