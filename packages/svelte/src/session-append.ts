import { sessionAppendHook } from "@trigger-realtime/core/adapter";
import { bindAtom } from "./bind-store.js";
import { followHook } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveSessionAppend, SessionAppendOptions, SessionAppendStore } from "./types.js";

type SessionId = string | undefined;

/**
 * Appends to the `in` channel of a session (by id or external id): `$chat.isReady` (once a
 * session and a token are given), `.isLoading`, `.error`, and `await chat.send(data)`.
 */
export function sessionAppendStore<TData = unknown>(sessionIdOrExternalId: SessionId, options?: SessionAppendOptions): SessionAppendStore<TData> {
  const { atom, subscribe } = bindAtom(sessionAppendHook<TData>, [sessionIdOrExternalId, options]);
  return { subscribe, send: atom.send };
}

/** `sessionAppendStore` as `chat.current`; every argument may be a getter. */
export function useSessionAppend<TData = unknown>(sessionIdOrExternalId: MaybeGetter<SessionId>, options?: MaybeGetter<SessionAppendOptions | undefined>): ReactiveSessionAppend<TData> {
  const followed = followHook(sessionAppendHook<TData>, () => [read(sessionIdOrExternalId), read(options)] as const);
  return {
    get current() {
      return followed.current;
    },
    send: (data) => followed.store.send(data),
  };
}
