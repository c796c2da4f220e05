// Option, store and helper types. Option names follow `@trigger.dev/react-hooks`; stores follow
// the Svelte store contract (`$run`), runes helpers expose a reactive `current`.
import type { Readable } from "svelte/store";
import type {
  AnyTask,
  AuthOptions,
  Metadata,
  RealtimeRun,
  RealtimeTriggerState,
  RunHandle,
  RunsState,
  RunState,
  RunWithStreamsState,
  SkipColumn,
  StreamPart,
  StreamsRecord,
  StreamState,
  TaskPayload,
  TriggerOptions,
  TriggerState,
  WaitTokenState,
} from "@trigger-realtime/core";

/** A value, or a getter of it (`() => runId`) that runes helpers follow. */
export type MaybeGetter<T> = T | (() => T);

/** Auth (over `setTriggerAuth`'s) and enablement, shared by every realtime store. */
export interface RealtimeOptions extends AuthOptions {
  /** `false` keeps the store idle and lets it live without a token. Default true. */
  enabled?: boolean;
  /** Publish at most one update per window (ms). Streams default to 16. */
  throttleInMs?: number;
  /** Alias of `throttleInMs` (the official hooks' name). */
  experimental_throttleInMs?: number;
  /**
   * Accepted for compatibility. Stores on the same subscription (same id, token and options)
   * already share one state and one connection.
   */
  id?: string;
}

export interface RunOptions<TTask = AnyTask, TMetadata = Metadata> extends RealtimeOptions {
  /** Called once per run id, when that run has finished (`finishedAt` set); never earlier. */
  onComplete?: (run: RealtimeRun<TTask, TMetadata>, error?: Error) => void;
  /** Close the connection once the run has finished. Default true. */
  stopOnCompletion?: boolean;
  /** Columns the server leaves out, e.g. `["payload", "output"]` for a status badge. */
  skipColumns?: SkipColumn[];
}

export interface RunsWithTagOptions extends RealtimeOptions {
  /** Only runs created within this window: `"10s"`, `"30m"`, `"1h"`, `"1d"` (the server caps it at 24h). */
  createdAt?: string;
  skipColumns?: SkipColumn[];
}

export interface BatchOptions extends RealtimeOptions {
  skipColumns?: SkipColumn[];
}

export interface StreamOptions<TPart = unknown> extends RealtimeOptions {
  /** The server ends the stream after this many seconds without data. */
  timeoutInSeconds?: number;
  /** Start at this 0-based part index (sent as `Last-Event-ID: startIndex - 1`). */
  startIndex?: number;
  /** Resume after this part id (a previous `lastEventId`); wins over `startIndex` and `from`. */
  lastEventId?: string | number;
  /** `"latest"` skips the history and starts at the tail. Default `"beginning"`. */
  from?: "beginning" | "latest";
  /** Keep only the newest N parts (bounded memory on endless streams). */
  maxParts?: number;
  /** Called once per published update with its parts (`{ id, chunk, timestamp }`), while subscribed. */
  onParts?: (parts: StreamPart<TPart>[]) => void;
  /** Called for each part received, while subscribed. */
  onData?: (part: TPart) => void;
}

/** Options of the actions (`taskTrigger`, `waitToken`). */
export interface ActionOptions extends AuthOptions {
  /** `false` lets the action live without a token (its methods then reject). Default true. */
  enabled?: boolean;
}

export interface RealtimeTaskTriggerOptions<TTask = AnyTask> extends ActionOptions {
  /** `false` triggers without following the run. */
  enabled?: boolean;
  throttleInMs?: number;
  experimental_throttleInMs?: number;
  skipColumns?: SkipColumn[];
  /** Close the run subscription once the run has finished. Default true. */
  stopOnCompletion?: boolean;
  /** Also follow the streams the run writes (`streams`). */
  withStreams?: boolean;
  /** Called once per triggered run, when it has finished. */
  onComplete?: (run: RealtimeRun<TTask>, error?: Error) => void;
}

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

export interface WaitTokenStoreState extends WaitTokenState {
  /** True once a token id and an access token are given. */
  isReady: boolean;
}

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
