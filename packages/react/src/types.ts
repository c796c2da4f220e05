// Option and instance types, named as in `@trigger.dev/react-hooks` so code typed against it
// keeps compiling. Our additions are marked.
import type {
  ActionOptions,
  AnySessionChannel,
  AnyTask,
  BatchSubscriptionOptions,
  Metadata,
  RealtimeRun,
  RealtimeTaskTriggerOptions,
  RunHandle,
  RunSubscriptionOptions,
  RunsWithTagSubscriptionOptions,
  RetrievedRun,
  RunQuerySubscriptionOptions,
  SessionChannelRecord,
  SessionChannelSubscriptionOptions,
  SessionControlEvent,
  SessionStreamSubscriptionOptions,
  StreamSubscriptionOptions,
  SubscriptionOptions,
  SubscriptionStatus,
  TaskOutput,
  TaskPayload,
  TriggerOptions,
} from "@trigger-realtime/core";

/** An option of the official hooks that realtime requests have no use for. */
interface RequestOptions {
  /** Accepted for compatibility; realtime requests manage their own retries. */
  requestOptions?: unknown;
}

/** Auth and enablement, from the call or the `TriggerAuthContext`. */
export interface UseApiClientOptions extends ActionOptions, RequestOptions {}

/** Options every realtime hook takes. */
export interface UseRealtimeRunOptions extends SubscriptionOptions, RequestOptions {}

export interface UseRealtimeSingleRunOptions<TTask = AnyTask, TMetadata = Metadata>
  extends RunSubscriptionOptions<TTask, TMetadata>,
    RequestOptions {}

export interface UseRealtimeRunsWithTagOptions extends RunsWithTagSubscriptionOptions, RequestOptions {}

/** Options of `useRealtimeBatch` (`skipColumns` is our addition). */
export interface UseRealtimeBatchOptions extends BatchSubscriptionOptions, RequestOptions {}

export interface UseRealtimeStreamOptions<TPart> extends StreamSubscriptionOptions<TPart>, RequestOptions {}

export type UseTaskTriggerOptions = UseApiClientOptions;

/**
 * Ours beyond the official options: `skipColumns`, `stopOnCompletion`, `onComplete`. Streams are
 * followed by `useRealtimeTaskTriggerWithStreams`, so `withStreams` is not an option here.
 */
export interface UseRealtimeTaskTriggerOptions<TTask = AnyTask>
  extends Omit<RealtimeTaskTriggerOptions<TTask>, "withStreams">,
    UseTaskTriggerOptions {}

/** What every realtime hook adds to the official shape. */
interface RealtimeExtras {
  /** Ours: true until the first complete snapshot arrived (tells "loading" from "empty"). */
  isLoading: boolean;
  /** Ours: `idle | connecting | live | complete | stopped | error`. */
  status: SubscriptionStatus;
}

export interface UseRealtimeRunInstance<TTask = AnyTask, TMetadata = Metadata> extends RealtimeExtras {
  run: RealtimeRun<TTask, TMetadata> | undefined;
  error: Error | undefined;
  /** Closes the connection now (for every hook sharing it). */
  stop: () => void;
}

/** Parts per stream key; a key appears once its stream has delivered parts. */
export type StreamResults<TStreams extends Record<string, any>> = { [K in keyof TStreams]?: Array<TStreams[K]> };

export interface UseRealtimeRunWithStreamsInstance<
  TTask = AnyTask,
  TStreams extends Record<string, any> = Record<string, any>,
  TMetadata = Metadata,
> extends UseRealtimeRunInstance<TTask, TMetadata> {
  streams: StreamResults<TStreams>;
}

export interface UseRealtimeRunsInstance<TTask = AnyTask, TMetadata = Metadata> extends RealtimeExtras {
  /** Sorted by `createdAt`, oldest first. */
  runs: RealtimeRun<TTask, TMetadata>[];
  error: Error | undefined;
  stop: () => void;
}

export interface UseRealtimeStreamInstance<TPart> extends RealtimeExtras {
  parts: Array<TPart>;
  /** Id of the newest part: pass it back as `lastEventId` to resume after a reload. */
  lastEventId: string | undefined;
  error: Error | undefined;
  stop: () => void;
}

export interface TriggerInstance<TTask = AnyTask> {
  /** Triggers the task. The promise may be awaited; a failure also lands in `error`. */
  submit: (payload: TaskPayload<TTask>, options?: TriggerOptions) => Promise<RunHandle<TTask>>;
  /** True while the trigger request is in flight. */
  isLoading: boolean;
  handle?: RunHandle<TTask>;
  error?: Error;
}

export interface RealtimeTriggerInstance<TTask = AnyTask> extends TriggerInstance<TTask> {
  run: RealtimeRun<TTask> | undefined;
  /** The trigger's error, else the run subscription's. */
  error: Error | undefined;
  /** Closes the run subscription. */
  stop: () => void;
  /** Ours: the run subscription's status (`idle` before the first submit). */
  status: SubscriptionStatus;
}

export interface RealtimeTriggerInstanceWithStreams<TTask = AnyTask, TStreams extends Record<string, any> = Record<string, any>>
  extends RealtimeTriggerInstance<TTask> {
  streams: StreamResults<TStreams>;
}

export interface WaitTokenInstance<TOutput> {
  /** Completes the token with `output`; may be awaited, never an unhandled rejection. */
  complete: (output: TOutput) => Promise<{ success: true }>;
  isLoading: boolean;
  isCompleted: boolean;
  error?: Error;
  /** True once a token id is given. */
  isReady: boolean;
}

export interface InputStreamSendInstance<TData> {
  /** Sends `data` to the input stream; may be awaited, never an unhandled rejection. */
  send: (data: TData) => Promise<{ ok: true }>;
  /** True while a send is on its way. */
  isLoading: boolean;
  /** Why the latest send failed (or that the token is missing). */
  error?: Error;
  /** True once a run id and an access token are given. */
  isReady: boolean;
}

/** Options of `useSessionAppend`: auth, and `channel` to append to a named side channel instead of `in`. */
export interface UseSessionAppendOptions extends UseApiClientOptions {
  channel?: string;
}

/** What `useSessionAppend` returns: `send(data)` appends one record; `isReady` once a session id and a token are given. */
export type SessionAppendInstance<TData> = InputStreamSendInstance<TData>;

/** Options of `useSessionStream`. */
export interface UseSessionStreamOptions<TRecord = unknown> extends SessionStreamSubscriptionOptions<TRecord>, RequestOptions {}

export interface UseSessionStreamInstance<TRecord> extends RealtimeExtras {
  /** The data records so far, oldest first; control records never appear here. */
  records: Array<TRecord>;
  /** Cursor of the newest record seen: pass it back as `lastEventId` to resume. */
  lastEventId: string | undefined;
  /** The newest control record seen (e.g. `turn-complete`). */
  lastControl: SessionControlEvent | undefined;
  error: Error | undefined;
  /** Closes the connection now (for every hook sharing it); the records stay. */
  stop: () => void;
}

/** Options of `useSessionStreamChannel`: the session goes in `sessionId`. */
export interface UseSessionStreamChannelOptions<TChannel extends AnySessionChannel = AnySessionChannel, S extends "in" | "out" = "out">
  extends SessionChannelSubscriptionOptions<SessionChannelRecord<TChannel, S>, S>,
    RequestOptions {}

export type UseSessionStreamChannelInstance<TRecord> = UseSessionStreamInstance<TRecord>;

/** Options of `useRun` (the official `CommonTriggerHookOptions`; `enabled` is our addition). */
export interface UseRunOptions extends RunQuerySubscriptionOptions, RequestOptions {}

/** A run as `runs.retrieve()` returns it, typed from `typeof myTask`. */
export type RetrieveRunResult<TTask = AnyTask> = RetrievedRun<TaskPayload<TTask>, TaskOutput<TTask>>;

export interface UseRunInstance<TTask = AnyTask> {
  run: RetrieveRunResult<TTask> | undefined;
  /** Why the latest request failed (the previous `run` is kept). */
  error: Error | undefined;
  /** No answer yet. */
  isLoading: boolean;
  /** A request is on its way (the first one or a revalidation). */
  isValidating: boolean;
  isError: boolean;
}
