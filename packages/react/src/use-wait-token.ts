import { useCallback, useMemo } from "react";
import { RealtimeError, selectAction, unavailableAction, waitToken, type WaitTokenState } from "@trigger-realtime/core";
import type { UseApiClientOptions, WaitTokenInstance } from "./types.js";
import { storeKey, useMergedOptions } from "./use-options.js";
import { useStore } from "./use-store.js";

const idle: WaitTokenState = { isLoading: false, isCompleted: false, error: undefined };

/** Completes the wait token `waitpointId` (e.g. an Approve button); `isReady` once an id is given. */
export function useWaitToken<TOutput = unknown>(waitpointId?: string, options?: UseApiClientOptions): WaitTokenInstance<TOutput> {
  const merged = useMergedOptions(options);
  // Re-picked only when a value the store depends on changes (`key`), not on new object identities.
  const store = useMemo(
    () =>
      waitpointId
        ? selectAction(merged, idle, (client) => waitToken(client, waitpointId))
        : unavailableAction(idle, new RealtimeError("bad_request", "No wait token id: pass the token's id to useWaitToken")),
    [storeKey(merged, waitpointId)],
  );
  const { isLoading, isCompleted, error } = useStore<WaitTokenState>(store);
  const complete = useCallback((output: TOutput) => store.complete(output), [store]) as WaitTokenInstance<TOutput>["complete"];
  return { complete, isLoading, isCompleted, isReady: Boolean(waitpointId), error };
}
