// One factory per hook kind: every rule a React hook, Vue composable, Svelte store or Solid
// primitive applies, so each adapter only binds the atom to its framework.
import type { InputStreamSendStore } from "../actions/input-stream-send.js";
import type { SessionAppendOptions, SessionAppendStore } from "../actions/session-append.js";
import type { TaskTriggerStore } from "../actions/trigger.js";
import type { WaitTokenStore } from "../actions/wait-token.js";
import type {
  ActionOptions,
  BatchSubscriptionOptions,
  RealtimeTaskTriggerOptions,
  RunSubscriptionOptions,
  RunsWithTagSubscriptionOptions,
  RunQuerySubscriptionOptions,
  SessionChannelSubscriptionOptions,
  SessionStreamSubscriptionOptions,
  StreamSubscriptionOptions,
} from "../options.js";
import type { RunQueryState } from "../stores/run-query.js";
import type { SessionStreamState } from "../stores/session-stream.js";
import type { RealtimeTaskTriggerStore } from "../realtime-trigger.js";
import type { RunsState, RunState, RunWithStreamsState, StreamState, StreamsRecord } from "../state.js";
import type { SubscriptionStore } from "../stores/subscription.js";
import type { AnyTask, DefinedInputStream, Metadata, TaskOutput, TaskPayload } from "../types.js";
import { resolveInputStreamSend, resolveRealtimeTaskTrigger, resolveSessionAppend, resolveTaskTrigger, resolveWaitToken } from "./actions.js";
import { completionListener, sessionListener, streamListener } from "./callbacks.js";
import { noListeners, type Hook } from "./resolved.js";
import { resolveBatch, resolveRun, resolveRunQuery, resolveRunsWithTag, resolveRunWithStreams, resolveSessionStream, resolveStream } from "./subscriptions.js";

export type RunArgs<TTask = AnyTask, TMetadata = Metadata> = readonly [runId: string | undefined, options?: RunSubscriptionOptions<TTask, TMetadata>];
export type RunsWithTagArgs = readonly [tags: string | string[] | undefined, options?: RunsWithTagSubscriptionOptions];
export type BatchArgs = readonly [batchId: string | undefined, options?: BatchSubscriptionOptions];
/** A stream hook's arguments once `streamArguments` has sorted out the call form. */
export type StreamArgs<TPart = unknown> = readonly [runId: string | undefined, streamKey: string, options?: StreamSubscriptionOptions<TPart>];
export type TaskTriggerArgs = readonly [taskId: string, options?: ActionOptions];
export type RealtimeTaskTriggerArgs<TTask = AnyTask> = readonly [taskId: string, options?: RealtimeTaskTriggerOptions<TTask> & ActionOptions];
export type WaitTokenArgs = readonly [tokenId: string | undefined, options?: ActionOptions];
export type InputStreamSendArgs = readonly [stream: string | DefinedInputStream, runId: string | undefined, options?: ActionOptions];
export type SessionAppendArgs = readonly [sessionIdOrExternalId: string | undefined, options?: ActionOptions & SessionAppendOptions];
export type SessionStreamArgs<TRecord = unknown> = readonly [sessionIdOrExternalId: string | undefined, options?: SessionStreamSubscriptionOptions<TRecord>];
export type SessionChannelArgs<TRecord = unknown> = readonly [channel: string, options?: SessionChannelSubscriptionOptions<TRecord>];
export type RunQueryArgs = readonly [runId: string | undefined, options?: RunQuerySubscriptionOptions];

export const runHook = <TTask = AnyTask, TMetadata = Metadata>(
  latest: () => RunArgs<TTask, TMetadata>,
): Hook<RunArgs<TTask, TMetadata>, SubscriptionStore<RunState<TTask, TMetadata>>> => ({
  resolve: ([runId, options], auth) => resolveRun<TTask, TMetadata>(runId, options, auth),
  attach: completionListener(() => latest()[1]?.onComplete),
});

export const runWithStreamsHook = <TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  latest: () => RunArgs<TTask, TMetadata>,
): Hook<RunArgs<TTask, TMetadata>, SubscriptionStore<RunWithStreamsState<TTask, TStreams, TMetadata>>> => ({
  resolve: ([runId, options], auth) => resolveRunWithStreams<TTask, TStreams, TMetadata>(runId, options, auth),
  attach: completionListener(() => latest()[1]?.onComplete),
});

export const runsWithTagHook = <TTask = AnyTask, TMetadata = Metadata>(): Hook<RunsWithTagArgs, SubscriptionStore<RunsState<TTask, TMetadata>>> => ({
  resolve: ([tags, options], auth) => resolveRunsWithTag<TTask, TMetadata>(tags, options, auth),
  attach: noListeners,
});

export const batchHook = <TTask = AnyTask, TMetadata = Metadata>(): Hook<BatchArgs, SubscriptionStore<RunsState<TTask, TMetadata>>> => ({
  resolve: ([batchId, options], auth) => resolveBatch<TTask, TMetadata>(batchId, options, auth),
  attach: noListeners,
});

export const streamHook = <TPart = unknown>(latest: () => StreamArgs<TPart>): Hook<StreamArgs<TPart>, SubscriptionStore<StreamState<TPart>>> => ({
  resolve: ([runId, streamKey, options], auth) => resolveStream<TPart>(runId, streamKey, options, auth),
  attach: streamListener(() => latest()[2]),
});

export const taskTriggerHook = <TTask = AnyTask>(): Hook<TaskTriggerArgs, TaskTriggerStore<TTask>> => ({
  resolve: ([taskId, options], auth) => resolveTaskTrigger<TTask>(taskId, options, auth),
  attach: noListeners,
});

export const realtimeTaskTriggerHook = <TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  latest: () => RealtimeTaskTriggerArgs<TTask>,
): Hook<RealtimeTaskTriggerArgs<TTask>, RealtimeTaskTriggerStore<TTask, TStreams>> => ({
  resolve: ([taskId, options], auth) => resolveRealtimeTaskTrigger<TTask, TStreams>(taskId, options, auth),
  attach: completionListener(() => latest()[1]?.onComplete),
});

export const waitTokenHook = <TOutput = unknown>(): Hook<WaitTokenArgs, WaitTokenStore<TOutput>> => ({
  resolve: ([tokenId, options], auth) => resolveWaitToken<TOutput>(tokenId, options, auth),
  attach: noListeners,
});

export const inputStreamSendHook = <TData = unknown>(): Hook<InputStreamSendArgs, InputStreamSendStore<TData>> => ({
  resolve: ([stream, runId, options], auth) => resolveInputStreamSend<TData>(stream, runId, options, auth),
  attach: noListeners,
});

export const sessionAppendHook = <TData = unknown>(): Hook<SessionAppendArgs, SessionAppendStore<TData>> => ({
  resolve: ([sessionId, options], auth) => resolveSessionAppend<TData>(sessionId, options, auth),
  attach: noListeners,
});

export const sessionStreamHook = <TRecord = unknown>(
  latest: () => SessionStreamArgs<TRecord>,
): Hook<SessionStreamArgs<TRecord>, SubscriptionStore<SessionStreamState<TRecord>>> => ({
  resolve: ([sessionId, options], auth) => resolveSessionStream<TRecord>(sessionId, options, auth),
  attach: sessionListener(() => latest()[1]),
});

/** A named channel of a session: the session comes from `options.sessionId`. */
export const sessionChannelHook = <TRecord = unknown>(
  latest: () => SessionChannelArgs<TRecord>,
): Hook<SessionChannelArgs<TRecord>, SubscriptionStore<SessionStreamState<TRecord>>> => ({
  resolve: ([channel, options], auth) => resolveSessionStream<TRecord>(options?.sessionId, { ...options, channel }, auth),
  attach: sessionListener(() => latest()[1]),
});

export const runQueryHook = <TTask = AnyTask>(): Hook<RunQueryArgs, SubscriptionStore<RunQueryState<TaskPayload<TTask>, TaskOutput<TTask>>>> => ({
  resolve: ([runId, options], auth) => resolveRunQuery<TTask>(runId, options, auth),
  attach: noListeners,
});
