import { sessionAppendHook } from "@trigger-realtime/core/adapter";
import type { SessionAppendInstance, UseSessionAppendOptions } from "./types.js";
import { useHook } from "./use-hook.js";

/** Appends to the `in` channel of a session (by id or external id); `isReady` once a session and a token are given. */
export function useSessionAppend<TData = unknown>(sessionIdOrExternalId?: string, options?: UseSessionAppendOptions): SessionAppendInstance<TData> {
  const { store, state } = useHook(sessionAppendHook<TData>, [sessionIdOrExternalId, options]);
  const { isLoading, isReady, error } = state;
  return { send: store.send, isLoading, isReady, error };
}
