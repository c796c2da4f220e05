import { sessionChannelHook, sessionStreamHook } from "@trigger-realtime/core/adapter";
import type { AnySessionChannel, SessionChannelName, SessionChannelRecord, SessionStreamState, SubscriptionStore } from "@trigger-realtime/core";
import { bindHook, field, subscriptionFields, type BoundStore } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { CreateSessionChannelOptions, CreateSessionStreamOptions, SessionStreamResult } from "./types.js";

function sessionFields<TRecord>(bound: BoundStore<SubscriptionStore<SessionStreamState<TRecord>>>): SessionStreamResult<TRecord> {
  const { state } = bound;
  return { records: field(state, "records"), lastEventId: field(state, "lastEventId"), lastControl: field(state, "lastControl"), ...subscriptionFields(bound) };
}

/** One channel of a session (`out` unless `io: "in"`), live: data records, the last control record, the resume cursor. */
export function createSessionStream<TRecord = unknown>(
  sessionIdOrExternalId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<CreateSessionStreamOptions<TRecord> | undefined>,
): SessionStreamResult<TRecord> {
  return sessionFields(bindHook(sessionStreamHook<TRecord>, () => [access(sessionIdOrExternalId), access(options)] as const));
}

/** One side of a named channel of session `options.sessionId`, typed from a `defineSessionChannel` declaration. */
export function createSessionChannel<TChannel extends AnySessionChannel = AnySessionChannel, S extends "in" | "out" = "out">(
  channel: MaybeAccessor<SessionChannelName<TChannel>>,
  options: MaybeAccessor<CreateSessionChannelOptions<TChannel, S>>,
): SessionStreamResult<SessionChannelRecord<TChannel, S>> {
  return sessionFields(bindHook(sessionChannelHook<SessionChannelRecord<TChannel, S>>, () => [access(channel), access(options)] as const));
}
