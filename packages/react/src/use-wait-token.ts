import { waitTokenHook } from "@trigger-realtime/core/adapter";
import type { UseApiClientOptions, WaitTokenInstance } from "./types.js";
import { useHook } from "./use-hook.js";

/** Completes the wait token `waitpointId` (e.g. an Approve button); `isReady` once an id is given. */
export function useWaitToken<TOutput = unknown>(waitpointId?: string, options?: UseApiClientOptions): WaitTokenInstance<TOutput> {
  const { store, state } = useHook(waitTokenHook<TOutput>, [waitpointId, options]);
  const { isLoading, isCompleted, isReady, error } = state;
  return { complete: store.complete, isLoading, isCompleted, isReady, error };
}
