// Which action atom a hook binds (trigger, realtime trigger, wait token). An action atom holds
// the state of its latest call, so it is made again only when its key changes: the kind, the id,
// the client (base URL, token, branch, headers), `enabled`, and the options that configure it.
// Callbacks and new object identities never count.
import { atom, type ReadableAtom } from "nanostores";
import { inputStreamSend, type InputStreamSendState, type InputStreamSendStore } from "../actions/input-stream-send.js";
import { sessionAppend, type SessionAppendOptions, type SessionAppendStore } from "../actions/session-append.js";
import { taskTrigger, type TaskTriggerStore } from "../actions/trigger.js";
import { idleWaitTokenState, waitToken, type WaitTokenStore } from "../actions/wait-token.js";
import type { RealtimeClient } from "../client.js";
import { RealtimeError } from "../errors.js";
import type { ActionOptions, AuthOptions, RealtimeTaskTriggerOptions } from "../options.js";
import { idleRealtimeTriggerState, realtimeTaskTrigger, type RealtimeTaskTriggerStore } from "../realtime-trigger.js";
import type { StreamsRecord, TriggerState } from "../state.js";
import { subscriptionKey } from "../stores/key.js";
import type { AnyTask, DefinedInputStream } from "../types.js";
import { clientFor, mergeAuth } from "./auth.js";
import type { Resolved } from "./resolved.js";
import { normalize } from "./subscriptions.js";

/** Stands in for an action atom while no action is possible (no token, no id yet). */
export interface UnavailableAction<S> extends ReadableAtom<S> {
  submit(...args: unknown[]): Promise<never>;
  complete(...args: unknown[]): Promise<never>;
  send(...args: unknown[]): Promise<never>;
  stop(): void;
}

/** Its methods reject with `reason` (already handled, so never an unhandled rejection) and show it in `error`. */
export function unavailableAction<S extends { error?: Error }>(state: S, reason: Error): UnavailableAction<S> {
  const $state = atom<S>(state);
  const fail = () => {
    $state.set({ ...$state.get(), error: reason });
    const failed = Promise.reject(reason);
    failed.catch(() => {});
    return failed;
  };
  return Object.assign($state, { submit: fail, complete: fail, send: fail, stop() {} });
}

const noToken = () => new RealtimeError("unauthorized", "No access token: pass `accessToken` or provide one through the auth context");

function action<T, S extends { error?: Error }>(
  kind: string,
  id: string | undefined,
  options: ActionOptions,
  idle: S,
  settings: unknown,
  create: (client: RealtimeClient) => T,
): Resolved<T> {
  const client = clientFor(options);
  const key = subscriptionKey(kind, client?.key ?? "no-token", id, options.enabled !== false, settings);
  if (client) return { key, create: () => create(client) };
  // `enabled: false` only allows the token to be missing: the stand-in then stays quiet.
  const reason = noToken();
  return { key, create: () => unavailableAction({ ...idle, error: options.enabled === false ? undefined : reason }, reason) as T };
}

const idleTrigger: TriggerState<any> = { handle: undefined, error: undefined, isLoading: false };

export function resolveTaskTrigger<TTask = AnyTask>(
  taskId: string,
  options: ActionOptions | undefined,
  auth?: AuthOptions,
): Resolved<TaskTriggerStore<TTask>> {
  return action("task-trigger", taskId, mergeAuth(auth, options), idleTrigger, undefined, (client) => taskTrigger<TTask>(client, taskId));
}

/** `enabled: false` triggers without following the run; the state keeps its full shape either way. */
export function resolveRealtimeTaskTrigger<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  taskId: string,
  options: (RealtimeTaskTriggerOptions<TTask> & ActionOptions) | undefined,
  auth?: AuthOptions,
): Resolved<RealtimeTaskTriggerStore<TTask, TStreams>> {
  const merged = mergeAuth(auth, options);
  const follow = { ...normalize.run(merged), withStreams: Boolean(merged.withStreams) };
  return action("realtime-trigger", taskId, merged, idleRealtimeTriggerState, follow, (client) =>
    realtimeTaskTrigger<TTask, TStreams>(client, taskId, { ...follow, enabled: merged.enabled }),
  );
}

/** `isReady` once an id is given, as in `@trigger.dev/react-hooks` 4.8.3 (whether or not there is a token). */
export function resolveWaitToken<TOutput = unknown>(
  tokenId: string | undefined,
  options: ActionOptions | undefined,
  auth?: AuthOptions,
): Resolved<WaitTokenStore<TOutput>> {
  const merged = mergeAuth(auth, options);
  const idle = idleWaitTokenState(tokenId);
  if (!tokenId) {
    const reason = new RealtimeError("bad_request", "No wait token id: pass the token's id");
    return { key: subscriptionKey("wait-token", "no-id"), create: () => unavailableAction(idle, reason) as WaitTokenStore<TOutput> };
  }
  return action("wait-token", tokenId, merged, idle, undefined, (client) => waitToken<TOutput>(client, tokenId));
}

const idleSend: InputStreamSendState = { isReady: false, isLoading: false, error: undefined };

/**
 * `isReady` once a run id and a token are given, as in `@trigger.dev/react-hooks` 4.8.3. The
 * stream is its id or a `streams.input()` definition; the atom is made again when the stream,
 * the run or the client changes.
 */
export function resolveInputStreamSend<TData = unknown>(
  stream: string | DefinedInputStream,
  runId: string | undefined,
  options: ActionOptions | undefined,
  auth?: AuthOptions,
): Resolved<InputStreamSendStore<TData>> {
  const streamId = typeof stream === "string" ? stream : stream.id;
  return action("input-stream-send", runId, mergeAuth(auth, options), idleSend, streamId, (client) => inputStreamSend<TData>(client, streamId, runId));
}

/**
 * Appends to the `in` channel of a session (or of its side channel `options.channel`); `isReady`
 * once a session id and a token are given. Made again when the session, channel or client changes.
 */
export function resolveSessionAppend<TData = unknown>(
  sessionIdOrExternalId: string | undefined,
  options: (ActionOptions & SessionAppendOptions) | undefined,
  auth?: AuthOptions,
): Resolved<SessionAppendStore<TData>> {
  const channel = options?.channel;
  return action("session-append", sessionIdOrExternalId, mergeAuth(auth, options), idleSend, channel, (client) =>
    sessionAppend<TData>(client, sessionIdOrExternalId, { channel }),
  );
}
