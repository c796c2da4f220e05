// Option and result types. Option names follow `@trigger.dev/react-hooks`; results are Solid
// accessors (`run()`, `error()`, …) plus plain functions.
import type { Accessor } from "solid-js";
import type {
  ActionOptions as CoreActionOptions,
  AnySessionChannel,
  AnyTask,
  RetrievedRun,
  RunQuerySubscriptionOptions,
  SessionChannelRecord,
  SessionChannelSubscriptionOptions,
  SessionControlEvent,
  SessionStreamSubscriptionOptions,
  TaskOutput,
  AuthOptions,
  BatchSubscriptionOptions,
  Metadata,
  RealtimeRun,
  RealtimeTaskTriggerOptions,
  RunHandle,
  RunSubscriptionOptions,
  RunsWithTagSubscriptionOptions,
  StreamsRecord,
  StreamSubscriptionOptions,
  SubscriptionOptions,
  SubscriptionStatus,
  TaskPayload,
  TriggerOptions,
} from "@trigger-realtime/core";

/** Auth (over the `TriggerAuthProvider`'s) and enablement, shared by every realtime primitive. */
export interface RealtimeOptions extends SubscriptionOptions {}

/** Options of the action primitives (`createTaskTrigger`, `createWaitToken`). */
export interface ActionOptions extends CoreActionOptions {}

export interface CreateRunOptions<TTask = AnyTask, TMetadata = Metadata> extends RunSubscriptionOptions<TTask, TMetadata> {}

export interface CreateRunsWithTagOptions extends RunsWithTagSubscriptionOptions {}

export interface CreateBatchOptions extends BatchSubscriptionOptions {}

export interface CreateStreamOptions<TPart = unknown> extends StreamSubscriptionOptions<TPart> {}

export interface CreateRealtimeTaskTriggerOptions<TTask = AnyTask> extends RealtimeTaskTriggerOptions<TTask>, AuthOptions {}

/** What every subscription result has besides its data. */
export interface SubscriptionResult {
  /** Why the subscription failed (or, while `status()` is `connecting`, why it is retrying). */
  error: Accessor<Error | undefined>;
  /** `idle | connecting | live | complete | stopped | error`. */
  status: Accessor<SubscriptionStatus>;
  /** True until the first complete snapshot has arrived (tells "loading" from "empty"). */
  isLoading: Accessor<boolean>;
  /** Closes the connection now (for every primitive sharing it). */
  stop: () => void;
}

export interface RunResult<TTask = AnyTask, TMetadata = Metadata> extends SubscriptionResult {
  run: Accessor<RealtimeRun<TTask, TMetadata> | undefined>;
}

/** Parts per stream key; a key appears once its stream has delivered parts. */
export type StreamResults<TStreams extends StreamsRecord> = { [K in keyof TStreams]?: TStreams[K][] };

export interface RunWithStreamsResult<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>
  extends RunResult<TTask, TMetadata> {
  streams: Accessor<StreamResults<TStreams>>;
}

export interface RunsResult<TTask = AnyTask, TMetadata = Metadata> extends SubscriptionResult {
  /** A Solid store array, oldest first; each row keeps its identity while its run lives. */
  runs: Accessor<RealtimeRun<TTask, TMetadata>[]>;
}

export interface StreamResult<TPart = unknown> extends SubscriptionResult {
  parts: Accessor<TPart[]>;
  /** Id of the newest part: pass it back as `lastEventId` to resume. */
  lastEventId: Accessor<string | undefined>;
}

export interface TaskTriggerResult<TTask = AnyTask> {
  /** Triggers the task. The promise may be awaited; a failure also lands in `error()`. */
  submit: (payload: TaskPayload<TTask>, options?: TriggerOptions) => Promise<RunHandle<TTask>>;
  /** The latest run's handle (`id`, `publicAccessToken`). */
  handle: Accessor<RunHandle<TTask> | undefined>;
  error: Accessor<Error | undefined>;
  /** True while the trigger request is in flight. */
  isLoading: Accessor<boolean>;
}

export interface RealtimeTaskTriggerResult<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>
  extends TaskTriggerResult<TTask> {
  /** The latest triggered run, live. */
  run: Accessor<RealtimeRun<TTask> | undefined>;
  /** Its streams' parts (with `withStreams: true`). */
  streams: Accessor<StreamResults<TStreams>>;
  /** The run subscription's status (`idle` before the first submit). */
  status: Accessor<SubscriptionStatus>;
  /** Closes the run subscription. */
  stop: () => void;
}

export interface WaitTokenResult<TOutput = unknown> {
  /** Completes the token with `output`, resuming the waiting run; may be awaited. */
  complete: (output: TOutput) => Promise<{ success: true }>;
  isLoading: Accessor<boolean>;
  isCompleted: Accessor<boolean>;
  /** True once a token id is given. */
  isReady: Accessor<boolean>;
  error: Accessor<Error | undefined>;
}

export interface InputStreamSendResult<TData = unknown> {
  /** Sends `data` to the input stream; may be awaited, a failure also lands in `error()`. */
  send: (data: TData) => Promise<{ ok: true }>;
  isLoading: Accessor<boolean>;
  /** True once a run id and an access token are given. */
  isReady: Accessor<boolean>;
  error: Accessor<Error | undefined>;
}

/** Options of `createSessionAppend`: auth, and `channel` to append to a named side channel instead of `in`. */
export interface CreateSessionAppendOptions extends ActionOptions {
  channel?: string;
}

/** What `createSessionAppend` returns: `send(data)` appends one record; `isReady()` once a session id and a token are given. */
export type SessionAppendResult<TData = unknown> = InputStreamSendResult<TData>;

export interface CreateSessionStreamOptions<TRecord = unknown> extends SessionStreamSubscriptionOptions<TRecord> {}

export interface CreateSessionChannelOptions<TChannel extends AnySessionChannel = AnySessionChannel, S extends "in" | "out" = "out">
  extends SessionChannelSubscriptionOptions<SessionChannelRecord<TChannel, S>, S> {}

export interface SessionStreamResult<TRecord = unknown> extends SubscriptionResult {
  /** The data records so far, oldest first; control records never appear here. */
  records: Accessor<TRecord[]>;
  /** Cursor of the newest record seen: pass it back as `lastEventId` to resume. */
  lastEventId: Accessor<string | undefined>;
  /** The newest control record seen (e.g. `turn-complete`). */
  lastControl: Accessor<SessionControlEvent | undefined>;
}

export interface CreateRunQueryOptions extends RunQuerySubscriptionOptions {}

export interface RunQueryResult<TTask = AnyTask> {
  /** The run as `runs.retrieve()` returns it (dates as Dates). */
  run: Accessor<RetrievedRun<TaskPayload<TTask>, TaskOutput<TTask>> | undefined>;
  /** Why the latest request failed (the previous `run` is kept). */
  error: Accessor<Error | undefined>;
  /** No answer yet. */
  isLoading: Accessor<boolean>;
  /** A request is on its way (the first one or a revalidation). */
  isValidating: Accessor<boolean>;
  isError: Accessor<boolean>;
}
