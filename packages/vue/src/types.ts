import type {
  AnyTask,
  BatchSubscriptionOptions,
  Metadata,
  RealtimeRun,
  RunSubscriptionOptions,
  RunsWithTagSubscriptionOptions,
  StreamPart,
  StreamSubscriptionOptions,
} from "@trigger-realtime/core";

export interface UseRunOptions<TTask = AnyTask, TMetadata = Metadata> extends RunSubscriptionOptions {
  /** Called once per run, when it has finished. */
  onComplete?: (run: RealtimeRun<TTask, TMetadata>, error: Error | undefined) => void;
}

export type UseRunsWithTagOptions = RunsWithTagSubscriptionOptions;
export type UseBatchOptions = BatchSubscriptionOptions;

export interface UseStreamOptions<TPart = unknown> extends StreamSubscriptionOptions {
  /** Called with the parts of each update. */
  onParts?: (parts: StreamPart<TPart>[]) => void;
  /** Called once per part. */
  onData?: (part: TPart) => void;
}
