// Option and result types. Option names follow `@trigger.dev/react-hooks`; results are Solid
// accessors (`run()`, `error()`, …) plus plain functions.
import type { Accessor } from "solid-js";
import type {
  AnyTask,
  AuthOptions,
  Metadata,
  RealtimeRun,
  RunHandle,
  SkipColumn,
  StreamPart,
  StreamsRecord,
  SubscriptionStatus,
  TaskPayload,
  TriggerOptions,
} from "@trigger-realtime/core";

/** Auth (over the `TriggerAuthProvider`'s) and enablement, shared by every realtime primitive. */
export interface RealtimeOptions extends AuthOptions {
  /** `false` keeps the primitive idle and lets it live without a token. Default true. */
  enabled?: boolean;
  /** Publish at most one update per window (ms). Streams default to 16. */
  throttleInMs?: number;
  /** Alias of `throttleInMs` (the official hooks' name). */
  experimental_throttleInMs?: number;
  /**
   * Accepted for compatibility. Primitives on the same subscription (same id, token and
   * options) already share one state and one connection.
   */
  id?: string;
}

/** Options of the action primitives (`createTaskTrigger`, `createWaitToken`). */
export interface ActionOptions extends AuthOptions {
  /** `false` lets the primitive live without a token (its actions then reject). Default true. */
  enabled?: boolean;
}

export interface CreateRunOptions<TTask = AnyTask, TMetadata = Metadata> extends RealtimeOptions {
  /** Called once per run id, when that run has finished (`finishedAt` set); never earlier. */
  onComplete?: (run: RealtimeRun<TTask, TMetadata>, error?: Error) => void;
  /** Close the connection once the run has finished. Default true. */
  stopOnCompletion?: boolean;
  /** Columns the server leaves out, e.g. `["payload", "output"]` for a status badge. */
  skipColumns?: SkipColumn[];
}

export interface CreateRunsWithTagOptions extends RealtimeOptions {
  /** Only runs created within this window: `"10s"`, `"30m"`, `"1h"`, `"1d"` (the server caps it at 24h). */
  createdAt?: string;
  skipColumns?: SkipColumn[];
}

export interface CreateBatchOptions extends RealtimeOptions {
  skipColumns?: SkipColumn[];
}

export interface CreateStreamOptions<TPart = unknown> extends RealtimeOptions {
  /** The server ends the stream after this many seconds without data. */
  timeoutInSeconds?: number;
  /** Start at this part index (sent as `Last-Event-ID: startIndex - 1`). */
  startIndex?: number;
  /** Resume after this part id (a previous `lastEventId()`); wins over `startIndex` and `from`. */
  lastEventId?: string | number;
  /** `"latest"` skips the history and starts at the tail. Default `"beginning"`. */
  from?: "beginning" | "latest";
  /** Keep only the newest N parts (bounded memory on endless streams). */
  maxParts?: number;
  /** Called once per published update with its parts (`{ id, chunk, timestamp }`). */
  onParts?: (parts: StreamPart<TPart>[]) => void;
  /** Called for each part received. */
  onData?: (part: TPart) => void;
}

export interface CreateRealtimeTaskTriggerOptions<TTask = AnyTask> extends AuthOptions {
  /** `false` triggers without following the run. */
  enabled?: boolean;
  throttleInMs?: number;
  experimental_throttleInMs?: number;
  skipColumns?: SkipColumn[];
  /** Close the run subscription once the run has finished. Default true. */
  stopOnCompletion?: boolean;
  /** Also follow the streams the run writes (`streams()`). */
  withStreams?: boolean;
  /** Called once per triggered run, when it has finished. */
  onComplete?: (run: RealtimeRun<TTask>, error?: Error) => void;
}

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
