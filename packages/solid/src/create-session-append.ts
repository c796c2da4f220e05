import { sessionAppendHook } from "@trigger-realtime/core/adapter";
import { bindHook, field } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { CreateSessionAppendOptions, SessionAppendResult } from "./types.js";

/** Appends to the `in` channel of a session (by id or external id); `isReady()` once a session and a token are given. */
export function createSessionAppend<TData = unknown>(
  sessionIdOrExternalId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<CreateSessionAppendOptions | undefined>,
): SessionAppendResult<TData> {
  const { store, state } = bindHook(sessionAppendHook<TData>, () => [access(sessionIdOrExternalId), access(options)] as const);
  return {
    send: (data: TData) => store().send(data),
    isLoading: field(state, "isLoading"),
    isReady: field(state, "isReady"),
    error: field(state, "error"),
  };
}
