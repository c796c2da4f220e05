import { useCallback } from "react";
import { mergeAuth, subscriptionKey, type AuthOptions } from "@trigger-realtime/core";
import { useTriggerAuthContextOptional } from "./context.js";
import { useLatest } from "./use-latest.js";

/**
 * A hook's options merged over the auth context (per-call values win). `refreshAccessToken` and
 * `fetch` are passed on as stable wrappers over the latest ones, so a new closure on each render
 * never picks a new store.
 */
export function useMergedOptions<O extends AuthOptions>(options: O | undefined): O {
  const merged = mergeAuth(useTriggerAuthContextOptional(), options) as O;
  const latestRefresh = useLatest(merged.refreshAccessToken);
  const latestFetch = useLatest(merged.fetch);
  const refreshAccessToken = useCallback(() => latestRefresh.current!(), [latestRefresh]);
  const fetch = useCallback((...args: Parameters<typeof globalThis.fetch>) => latestFetch.current!(...args), [latestFetch]);
  return {
    ...merged,
    refreshAccessToken: merged.refreshAccessToken ? refreshAccessToken : undefined,
    fetch: merged.fetch ? fetch : undefined,
  };
}

/**
 * The `useMemo` key of a store choice: plain values only (functions go through refs), arrays
 * compared by content, so unstable arrays and objects never resubscribe.
 */
export function storeKey(options: AuthOptions & { enabled?: boolean }, ...values: unknown[]): string {
  return subscriptionKey(
    options.accessToken,
    options.baseURL,
    options.previewBranch,
    options.headers,
    Boolean(options.refreshAccessToken),
    Boolean(options.fetch),
    options.enabled !== false,
    ...values,
  );
}

/** `skipColumns` as a key part: order does not matter on the wire, so not here either. */
export const columnsKey = (columns: readonly string[] | undefined) => (columns?.length ? [...columns].sort().join(",") : "");

/** The throttle the core will use (`throttleInMs`, else the official `experimental_` alias). */
export const throttleKey = (options: { throttleInMs?: number; experimental_throttleInMs?: number }) =>
  options.throttleInMs ?? options.experimental_throttleInMs;
