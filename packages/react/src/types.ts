// Option and instance types, named as in `@trigger.dev/react-hooks` so code typed against it
// keeps compiling. Our additions are marked.
import type {
  AnyTask,
  AuthOptions,
  Metadata,
  RealtimeRun,
  RunHandle,
  SkipColumn,
  StreamPart,
  SubscriptionStatus,
  TaskPayload,
  TriggerOptions,
} from "@trigger-realtime/core";

/** Auth and enablement, from the call or the `TriggerAuthContext`. */
export interface UseApiClientOptions extends AuthOptions {
  /** Accepted for compatibility; realtime requests manage their own retries. */
  requestOptions?: unknown;
  /** `false` keeps the hook idle and lets it live without a token. Default true. */
  enabled?: boolean;
}

export interface UseRealtimeRunOptions extends UseApiClientOptions {
  /**
   * Accepted for compatibility. The official hooks share state between hooks with the same
   * `id`; here every hook on the same subscription already shares one state and one connection.
   */
  id?: string;
  /** Publish at most one update per window (ms). Streams default to 16. */
  throttleInMs?: number;
  /** Alias of `throttleInMs` (honoured here). */
  experimental_throttleInMs?: number;
}

export interface UseRealtimeSingleRunOptions<TTask = AnyTask, TMetadata = Metadata> extends UseRealtimeRunOptions {
  /** Called once per run id, when that run has finished (`finishedAt` set). */
  onComplete?: (run: RealtimeRun<TTask, TMetadata>, err?: Error) => void;
  /** Close the connection once the run has finished. Default true. */
  stopOnCompletion?: boolean;
  /** Columns the server leaves out, e.g. `["payload", "output"]` for a status badge. */
  skipColumns?: SkipColumn[];
}

export interface UseRealtimeRunsWithTagOptions extends UseRealtimeRunOptions {
  /** Only runs created within this window: `"10s"`, `"30m"`, `"1h"`, `"1d"` (server cap 24h). */
  createdAt?: string;
  skipColumns?: SkipColumn[];
}

/** Options of `useRealtimeBatch` (`skipColumns` is our addition). */
export interface UseRealtimeBatchOptions extends UseRealtimeRunOptions {
  skipColumns?: SkipColumn[];
}

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

export interface UseRealtimeStreamOptions<TPart> extends UseRealtimeRunOptions {
  /** The server ends the stream after this many seconds without data. */
  timeoutInSeconds?: number;
  /** 0-based index of the first part to read: the first `startIndex` parts are skipped. */
  startIndex?: number;
  /** Resume after this part id (from `lastEventId`); wins over `startIndex` and `from`. */
  lastEventId?: string | number;
  /** `"latest"` skips the history and starts at the tail. Default `"beginning"`. */
  from?: "beginning" | "latest";
  /** Keep only the newest N parts. */
  maxParts?: number;
  /** Called for each part received while mounted. */
  onData?: (data: TPart) => void;
  /** Called once per published update with its parts (`{ id, chunk, timestamp }`). */
  onParts?: (parts: Array<StreamPart<TPart>>) => void;
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

export type UseTaskTriggerOptions = UseApiClientOptions;

export interface UseRealtimeTaskTriggerOptions<TTask = AnyTask> extends UseTaskTriggerOptions {
  /** `false` triggers without following the run. */
  enabled?: boolean;
  throttleInMs?: number;
  /** Alias of `throttleInMs` (honoured here). */
  experimental_throttleInMs?: number;
  skipColumns?: SkipColumn[];
  /** Ours: close the run subscription once the run finished. Default true. */
  stopOnCompletion?: boolean;
  /** Ours: called once per triggered run, when it has finished. */
  onComplete?: (run: RealtimeRun<TTask>, err?: Error) => void;
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
