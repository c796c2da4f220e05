import { sessionChannelHook, sessionStreamHook } from "@trigger-realtime/core/adapter";
import type { AnySessionChannel, SessionChannelName, SessionChannelRecord, SessionStreamState } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook, reactiveSubscription } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveSubscription, SessionChannelOptions, SessionStreamOptions, SessionStreamStore } from "./types.js";

/** One channel of a session (`out` unless `io: "in"`), live: `$chat.records`, `.lastControl`, `.lastEventId`. */
export function sessionStreamStore<TRecord = unknown>(sessionIdOrExternalId: string | undefined, options?: SessionStreamOptions<TRecord>): SessionStreamStore<TRecord> {
  const { atom, subscribe } = bindAtom(sessionStreamHook<TRecord>, [sessionIdOrExternalId, options]);
  return { subscribe, stop: atom.stop };
}

/** `sessionStreamStore` as `chat.current`; every argument may be a getter. */
export function useSessionStream<TRecord = unknown>(
  sessionIdOrExternalId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<SessionStreamOptions<TRecord> | undefined>,
): ReactiveSubscription<SessionStreamState<TRecord>> {
  return reactiveSubscription(followHook(sessionStreamHook<TRecord>, () => [read(sessionIdOrExternalId), read(options)] as const));
}

/** One side of a named channel of session `options.sessionId`, typed from a `defineSessionChannel` declaration. */
export function sessionChannelStore<TChannel extends AnySessionChannel = AnySessionChannel, S extends "in" | "out" = "out">(
  channel: SessionChannelName<TChannel>,
  options: SessionChannelOptions<TChannel, S>,
): SessionStreamStore<SessionChannelRecord<TChannel, S>> {
  const { atom, subscribe } = bindAtom(sessionChannelHook<SessionChannelRecord<TChannel, S>>, [channel, options]);
  return { subscribe, stop: atom.stop };
}

/** `sessionChannelStore` as `channel.current`; every argument may be a getter. */
export function useSessionChannel<TChannel extends AnySessionChannel = AnySessionChannel, S extends "in" | "out" = "out">(
  channel: MaybeGetter<SessionChannelName<TChannel>>,
  options: MaybeGetter<SessionChannelOptions<TChannel, S>>,
): ReactiveSubscription<SessionStreamState<SessionChannelRecord<TChannel, S>>> {
  return reactiveSubscription(followHook(sessionChannelHook<SessionChannelRecord<TChannel, S>>, () => [read(channel), read(options)] as const));
}
