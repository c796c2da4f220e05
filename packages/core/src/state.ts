import type { AnyTask, Metadata, RealtimeRun, RunHandle } from "./types.js";

/**
 * Where a subscription is:
 * - `idle`: not started (disabled, no id, or rendered on the server);
 * - `connecting`: opening, catching up, or retrying after a failure (`error` says why);
 * - `live`: caught up and following changes;
 * - `complete`: ended because the run finished or the stream closed;
 * - `stopped`: ended by `stop()`;
 * - `error`: ended by an error that retrying cannot fix (auth, unknown run, bad data).
 */
export type SubscriptionStatus = "idle" | "connecting" | "live" | "complete" | "stopped" | "error";

/** What the state of every subscription has. */
export interface SubscriptionStateBase {
  status: SubscriptionStatus;
  /** Set when the subscription failed, or while it retries (e.g. 429 connection cap). */
  error: Error | undefined;
  /** True until the first complete snapshot has arrived. */
  isLoading: boolean;
}

export interface RunState<TTask = AnyTask, TMetadata = Metadata> extends SubscriptionStateBase {
  run: RealtimeRun<TTask, TMetadata> | undefined;
}

export interface RunsState<TTask = AnyTask, TMetadata = Metadata> extends SubscriptionStateBase {
  /** Sorted by `createdAt`, oldest first, as the official hooks do. */
  runs: RealtimeRun<TTask, TMetadata>[];
}

export interface StreamState<TPart = unknown> extends SubscriptionStateBase {
  parts: TPart[];
  /** Id of the newest part received: pass it back as `lastEventId` to resume. */
  lastEventId: string | undefined;
}

export type StreamsRecord = Record<string, unknown>;

/** `streams` maps each stream key to its parts, e.g. `{ text: string[] }`. */
export interface RunWithStreamsState<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>
  extends RunState<TTask, TMetadata> {
  streams: { [K in keyof TStreams]?: TStreams[K][] };
}

export interface TriggerState<TTask = AnyTask> {
  handle: import("./types.js").RunHandle<TTask> | undefined;
  error: Error | undefined;
  isLoading: boolean;
}

export interface BatchTriggerState {
  handle: import("./types.js").BatchHandle | undefined;
  error: Error | undefined;
  isLoading: boolean;
}

export interface WaitTokenState {
  isLoading: boolean;
  isCompleted: boolean;
  error: Error | undefined;
  /** True once a token id is given (as in `@trigger.dev/react-hooks`; the token may still be missing). */
  isReady: boolean;
}

export interface RealtimeTriggerState<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord> {
  handle: RunHandle<TTask> | undefined;
  run: RealtimeRun<TTask> | undefined;
  streams: RunWithStreamsState<TTask, TStreams>["streams"];
  /** The trigger's error, else the subscription's. */
  error: Error | undefined;
  /** True while the trigger request is in flight. */
  isLoading: boolean;
  /** The run subscription's status (`idle` before the first submit). */
  status: SubscriptionStatus;
}
