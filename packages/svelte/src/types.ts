// Option, store and helper types. Option names follow `@trigger.dev/react-hooks`; stores follow
// the Svelte store contract (`$run`), runes helpers expose a reactive `current`.
import type { Readable } from "svelte/store";
import type {
  ActionOptions as CoreActionOptions,
  AnySessionChannel,
  AnyTask,
  InputStreamSendState,
  RunQueryState,
  RunQuerySubscriptionOptions,
  SessionChannelRecord,
  SessionChannelSubscriptionOptions,
  SessionStreamState,
  SessionStreamSubscriptionOptions,
  TaskOutput,
  BatchSubscriptionOptions,
  Metadata,
  RealtimeTaskTriggerOptions as CoreRealtimeTaskTriggerOptions,
  RealtimeTriggerState,
  RunHandle,
  RunsState,
  RunState,
  RunSubscriptionOptions,
  RunsWithTagSubscriptionOptions,
  RunWithStreamsState,
  StreamsRecord,
  StreamState,
  StreamSubscriptionOptions,
  SubscriptionOptions,
  TaskPayload,
  TriggerOptions,
  TriggerState,
  WaitTokenState,
} from "@trigger-realtime/core";

/** A value, or a getter of it (`() => runId`) that runes helpers follow. */
export type MaybeGetter<T> = T | (() => T);

/** Auth (over `setTriggerAuth`'s) and enablement, shared by every realtime store. */
export interface RealtimeOptions extends SubscriptionOptions {}

export interface RunOptions<TTask = AnyTask, TMetadata = Metadata> extends RunSubscriptionOptions<TTask, TMetadata> {}

export interface RunsWithTagOptions extends RunsWithTagSubscriptionOptions {}

export interface BatchOptions extends BatchSubscriptionOptions {}

export interface StreamOptions<TPart = unknown> extends StreamSubscriptionOptions<TPart> {}

/** Options of the actions (`taskTrigger`, `waitToken`). */
export interface ActionOptions extends CoreActionOptions {}

export interface RealtimeTaskTriggerOptions<TTask = AnyTask> extends CoreRealtimeTaskTriggerOptions<TTask>, ActionOptions {}

/** A subscription as a Svelte store, plus a way to close its connection. */
export interface RealtimeStore<S> extends Readable<S> {
  /** Closes the connection now (for every store sharing it); the state keeps what it had. */
  stop(): void;
}

export type RunStore<TTask = AnyTask, TMetadata = Metadata> = RealtimeStore<RunState<TTask, TMetadata>>;
export type RunsStore<TTask = AnyTask, TMetadata = Metadata> = RealtimeStore<RunsState<TTask, TMetadata>>;
export type RunWithStreamsStore<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata> = RealtimeStore<
  RunWithStreamsState<TTask, TStreams, TMetadata>
>;
export type StreamStore<TPart = unknown> = RealtimeStore<StreamState<TPart>>;

export interface TaskTriggerStore<TTask = AnyTask> extends Readable<TriggerState<TTask>> {
  /** Triggers the task. The promise may be awaited; a failure also lands in `error`. */
  submit(payload: TaskPayload<TTask>, options?: TriggerOptions): Promise<RunHandle<TTask>>;
}

export interface RealtimeTaskTriggerStore<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>
  extends Readable<RealtimeTriggerState<TTask, TStreams>> {
  /** Triggers the task and moves the store to the new run. */
  submit(payload: TaskPayload<TTask>, options?: TriggerOptions): Promise<RunHandle<TTask>>;
  /** Closes the run subscription. */
  stop(): void;
}

/** `isReady` is true once a token id is given (the official meaning). */
export interface WaitTokenStoreState extends WaitTokenState {}

export interface WaitTokenStore<TOutput = unknown> extends Readable<WaitTokenStoreState> {
  /** Completes the token with `output`, resuming the waiting run; may be awaited. */
  complete(output: TOutput): Promise<{ success: true }>;
}

/** What a runes helper returns: the state as a reactive `current`, read in templates or `$derived`. */
export interface Reactive<S> {
  readonly current: S;
}

export interface ReactiveSubscription<S> extends Reactive<S> {
  /** Closes the current connection now (for every store sharing it). */
  stop(): void;
}

export type ReactiveTaskTrigger<TTask = AnyTask> = Reactive<TriggerState<TTask>> & Pick<TaskTriggerStore<TTask>, "submit">;
export type ReactiveRealtimeTaskTrigger<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord> = Reactive<
  RealtimeTriggerState<TTask, TStreams>
> &
  Pick<RealtimeTaskTriggerStore<TTask, TStreams>, "submit" | "stop">;
export type ReactiveWaitToken<TOutput = unknown> = Reactive<WaitTokenStoreState> & Pick<WaitTokenStore<TOutput>, "complete">;

export interface SessionStreamOptions<TRecord = unknown> extends SessionStreamSubscriptionOptions<TRecord> {}

export interface SessionChannelOptions<TChannel extends AnySessionChannel = AnySessionChannel, S extends "in" | "out" = "out">
  extends SessionChannelSubscriptionOptions<SessionChannelRecord<TChannel, S>, S> {}

export interface RunQueryOptions extends RunQuerySubscriptionOptions {}

/** `records`, `lastEventId`, `lastControl`, `error`, `status`, `isLoading` of a session channel. */
export type SessionStreamStore<TRecord = unknown> = RealtimeStore<SessionStreamState<TRecord>>;

/** `run`, `error`, `isLoading`, `isValidating`, `isError` of the run from the management API. */
export type RunQueryStore<TTask = AnyTask> = Readable<RunQueryState<TaskPayload<TTask>, TaskOutput<TTask>>>;

export interface InputStreamSendStore<TData = unknown> extends Readable<InputStreamSendState> {
  /** Sends `data` to the input stream; may be awaited, a failure also lands in `error`. */
  send(data: TData): Promise<{ ok: true }>;
}

export type ReactiveInputStreamSend<TData = unknown> = Reactive<InputStreamSendState> & Pick<InputStreamSendStore<TData>, "send">;

/** Options of `sessionAppendStore`: auth, and `channel` to append to a named side channel instead of `in`. */
export interface SessionAppendOptions extends ActionOptions {
  channel?: string;
}

/** `$chat.isReady` (a session id and a token given), `.isLoading`, `.error`, and `chat.send(data)` appending one record. */
export type SessionAppendStore<TData = unknown> = InputStreamSendStore<TData>;

export type ReactiveSessionAppend<TData = unknown> = ReactiveInputStreamSend<TData>;
