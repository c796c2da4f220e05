import type { MaybeRefOrGetter, Ref } from "vue";
import type {
  ActionOptions,
  AnySessionChannel,
  AnyTask,
  AuthOptions,
  BatchSubscriptionOptions,
  Metadata,
  RealtimeRun,
  RealtimeTaskTriggerOptions,
  RunHandle,
  RunSubscriptionOptions,
  RunsWithTagSubscriptionOptions,
  RunWithStreamsState,
  RetrievedRun,
  RunQuerySubscriptionOptions,
  SessionChannelRecord,
  SessionChannelSubscriptionOptions,
  SessionControlEvent,
  SessionStreamSubscriptionOptions,
  StreamsRecord,
  StreamSubscriptionOptions,
  SubscriptionStatus,
  TaskOutput,
  TaskPayload,
  TriggerOptions,
} from "@trigger-realtime/core";

/** Each option as a value, a ref or a getter; callbacks as plain functions. */
export type ReactiveOptions<O> = {
  [K in keyof O]: NonNullable<O[K]> extends (...args: any[]) => any ? O[K] : MaybeRefOrGetter<O[K]>;
};

/** An options argument: the object, a ref of it or a getter returning it; its fields may be refs too. */
export type OptionsInput<O> = MaybeRefOrGetter<ReactiveOptions<O> | undefined>;

export interface UseRunOptions<TTask = AnyTask, TMetadata = Metadata> extends RunSubscriptionOptions<TTask, TMetadata> {}

export type UseRunsWithTagOptions = RunsWithTagSubscriptionOptions;
export type UseBatchOptions = BatchSubscriptionOptions;

export interface UseStreamOptions<TPart = unknown> extends StreamSubscriptionOptions<TPart> {}

export interface UseTaskTriggerOptions extends ActionOptions {}

export interface UseRealtimeTaskTriggerOptions<TTask = AnyTask> extends RealtimeTaskTriggerOptions<TTask>, AuthOptions {}

export interface UseWaitTokenOptions extends ActionOptions {}

/** What every subscription composable returns besides its data. */
export interface SubscriptionRefs {
  /** Why the subscription failed, or why it is retrying (e.g. a connection cap). */
  error: Readonly<Ref<Error | undefined>>;
  /** `idle | connecting | live | complete | stopped | error`. */
  status: Readonly<Ref<SubscriptionStatus>>;
  /** True until the first complete snapshot arrived: tells "loading" from "empty". */
  isLoading: Readonly<Ref<boolean>>;
  /** Closes the connection now, for every component sharing it; the last state stays. */
  stop: () => void;
}

export interface UseRunReturn<TTask = AnyTask, TMetadata = Metadata> extends SubscriptionRefs {
  run: Readonly<Ref<RealtimeRun<TTask, TMetadata> | undefined>>;
}

export interface UseRunWithStreamsReturn<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>
  extends UseRunReturn<TTask, TMetadata> {
  /** Parts per stream key, e.g. `streams.value.text`; a key appears once its stream has parts. */
  streams: Readonly<Ref<RunWithStreamsState<TTask, TStreams, TMetadata>["streams"]>>;
}

export interface UseRunsReturn<TTask = AnyTask, TMetadata = Metadata> extends SubscriptionRefs {
  /** Oldest first. */
  runs: Readonly<Ref<RealtimeRun<TTask, TMetadata>[]>>;
}

export interface UseStreamReturn<TPart = unknown> extends SubscriptionRefs {
  parts: Readonly<Ref<TPart[]>>;
  /** Id of the newest part: pass it back as `lastEventId` to resume after a reload. */
  lastEventId: Readonly<Ref<string | undefined>>;
}

export interface UseTaskTriggerReturn<TTask = AnyTask> {
  /** Triggers the task; resolves with the run's handle. A failure also lands in `error`. */
  submit: (payload: TaskPayload<TTask>, options?: TriggerOptions) => Promise<RunHandle<TTask>>;
  /** The latest run handle: `{ id, publicAccessToken, taskIdentifier }`. */
  handle: Readonly<Ref<RunHandle<TTask> | undefined>>;
  error: Readonly<Ref<Error | undefined>>;
  /** True while the trigger request is in flight. */
  isLoading: Readonly<Ref<boolean>>;
}

export interface UseRealtimeTaskTriggerReturn<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>
  extends UseTaskTriggerReturn<TTask> {
  /** The run of the latest submit, live (never a previous one). */
  run: Readonly<Ref<RealtimeRun<TTask> | undefined>>;
  /** Its streams' parts, with `withStreams: true`. */
  streams: Readonly<Ref<RunWithStreamsState<TTask, TStreams>["streams"]>>;
  /** The run subscription's status (`idle` before the first submit). */
  status: Readonly<Ref<SubscriptionStatus>>;
  /** Closes the run subscription. */
  stop: () => void;
}

export interface UseWaitTokenReturn<TOutput = unknown> {
  /** Completes the token with `output`; resolves once the server accepted it. */
  complete: (output: TOutput) => Promise<{ success: true }>;
  isLoading: Readonly<Ref<boolean>>;
  isCompleted: Readonly<Ref<boolean>>;
  /** True once a token id is given (the official meaning). */
  isReady: Readonly<Ref<boolean>>;
  error: Readonly<Ref<Error | undefined>>;
}

export interface UseInputStreamSendOptions extends ActionOptions {}

export interface UseInputStreamSendReturn<TData = unknown> {
  /** Sends `data` to the input stream; resolves once the server accepted it. A failure also lands in `error`. */
  send: (data: TData) => Promise<{ ok: true }>;
  isLoading: Readonly<Ref<boolean>>;
  /** True once a run id and an access token are given. */
  isReady: Readonly<Ref<boolean>>;
  error: Readonly<Ref<Error | undefined>>;
}

/** Options of `useSessionAppend`: auth, and `channel` to append to a named side channel instead of `in`. */
export interface UseSessionAppendOptions extends ActionOptions {
  channel?: string;
}

/** What `useSessionAppend` returns: `send(data)` appends one record; `isReady` once a session id and a token are given. */
export type UseSessionAppendReturn<TData = unknown> = UseInputStreamSendReturn<TData>;

export interface UseSessionStreamOptions<TRecord = unknown> extends SessionStreamSubscriptionOptions<TRecord> {}

export interface UseSessionChannelOptions<TChannel extends AnySessionChannel = AnySessionChannel, S extends "in" | "out" = "out">
  extends SessionChannelSubscriptionOptions<SessionChannelRecord<TChannel, S>, S> {}

export interface UseSessionStreamReturn<TRecord = unknown> extends SubscriptionRefs {
  /** The data records so far, oldest first; control records never appear here. */
  records: Readonly<Ref<TRecord[]>>;
  /** Cursor of the newest record seen: pass it back as `lastEventId` to resume. */
  lastEventId: Readonly<Ref<string | undefined>>;
  /** The newest control record seen (e.g. `turn-complete`). */
  lastControl: Readonly<Ref<SessionControlEvent | undefined>>;
}

export interface UseRunQueryOptions extends RunQuerySubscriptionOptions {}

export interface UseRunQueryReturn<TTask = AnyTask> {
  /** The run as `runs.retrieve()` returns it (dates as Dates). */
  run: Readonly<Ref<RetrievedRun<TaskPayload<TTask>, TaskOutput<TTask>> | undefined>>;
  /** Why the latest request failed (the previous `run` is kept). */
  error: Readonly<Ref<Error | undefined>>;
  /** No answer yet. */
  isLoading: Readonly<Ref<boolean>>;
  /** A request is on its way (the first one or a revalidation). */
  isValidating: Readonly<Ref<boolean>>;
  isError: Readonly<Ref<boolean>>;
}
