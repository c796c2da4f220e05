// Option and instance types, named as in `@trigger.dev/react-hooks` so code typed against it
// keeps compiling. Our additions are marked.
import type {
  ActionOptions,
  AnyTask,
  BatchSubscriptionOptions,
  Metadata,
  RealtimeRun,
  RealtimeTaskTriggerOptions,
  RunHandle,
  RunSubscriptionOptions,
  RunsWithTagSubscriptionOptions,
  StreamSubscriptionOptions,
  SubscriptionOptions,
  SubscriptionStatus,
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
