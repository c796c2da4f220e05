// Public types. Task types are inferred structurally from `@trigger.dev/sdk` task objects
// (`typeof myTask`), so this package needs no runtime or type dependency on the SDK.

/** Anything that looks like a task defined with `task()` / `schemaTask()` from `@trigger.dev/sdk`. */
export interface AnyTask {
  id: string;
  trigger: (payload: any, ...rest: any[]) => PromiseLike<unknown>;
}

export type TaskIdentifier<TTask> = TTask extends { id: infer Id extends string } ? Id : string;

export type TaskPayload<TTask> = TTask extends { trigger: (payload: infer P, ...rest: any[]) => any } ? P : any;

// `triggerAndWait` resolves to a union of `{ ok: true; output }` and `{ ok: false; error }`:
// pick the successful member before reading its output.
export type TaskOutput<TTask> = TTask extends {
  triggerAndWait: (...args: any[]) => PromiseLike<infer Result>;
}
  ? Extract<Result, { ok: true }> extends { output: infer O }
    ? O
    : any
  : any;

/** Public statuses, as the official SDK exposes them. */
export type RunStatus =
  | "PENDING_VERSION"
  | "QUEUED"
  | "DEQUEUED"
  | "EXECUTING"
  | "WAITING"
  | "COMPLETED"
  | "CANCELED"
  | "FAILED"
  | "CRASHED"
  | "SYSTEM_FAILURE"
  | "DELAYED"
  | "EXPIRED"
  | "TIMED_OUT";

export type DeserializedJson = string | number | boolean | null | DeserializedJson[] | { [key: string]: DeserializedJson };

export interface SerializedError {
  message: string;
  name?: string;
  stackTrace?: string;
  /** The error's `cause` chain, outermost first (only when the task's error had causes). */
  causes?: { name?: string; message: string; stackTrace?: string }[];
}

/** The run object, field for field the one `@trigger.dev/sdk` subscriptions produce. */
export interface RealtimeRunBase<TIdentifier extends string, TPayload, TOutput, TMetadata> {
  id: string;
  taskIdentifier: TIdentifier;
  payload: TPayload;
  output?: TOutput;
  createdAt: Date;
  updatedAt: Date;
  status: RunStatus;
  durationMs: number;
  costInCents: number;
  baseCostInCents: number;
  tags: string[];
  idempotencyKey?: string;
  expiredAt?: Date;
  ttl?: string;
  finishedAt?: Date;
  startedAt?: Date;
  delayedUntil?: Date;
  queuedAt?: Date;
  metadata?: TMetadata;
  error?: SerializedError;
  isTest: boolean;
  isQueued: boolean;
  isExecuting: boolean;
  isWaiting: boolean;
  isCompleted: boolean;
  isFailed: boolean;
  isSuccess: boolean;
  isCancelled: boolean;
  realtimeStreams: string[];
}

export type Metadata = Record<string, DeserializedJson>;

/**
 * A run of `TTask`. A union of task types gives a union of runs that narrows on
 * `taskIdentifier`. `TMetadata` types `run.metadata` (the official hooks leave it untyped).
 */
export type RealtimeRun<TTask = AnyTask, TMetadata = Metadata> = TTask extends unknown
  ? RealtimeRunBase<TaskIdentifier<TTask>, TaskPayload<TTask>, TaskOutput<TTask>, TMetadata>
  : never;

export type AnyRealtimeRun = RealtimeRun<AnyTask>;

/** Columns the server may leave out of run rows (`skipColumns`). */
export type SkipColumn =
  | "startedAt"
  | "delayUntil"
  | "queuedAt"
  | "expiredAt"
  | "completedAt"
  | "number"
  | "isTest"
  | "usageDurationMs"
  | "costInCents"
  | "baseCostInCents"
  | "ttl"
  | "payload"
  | "payloadType"
  | "metadata"
  | "output"
  | "outputType"
  | "runTags"
  | "error";

/** What triggering returns: the run id and a public token that may read it. */
export interface RunHandle<TTask = AnyTask> {
  id: string;
  publicAccessToken: string;
  taskIdentifier: TaskIdentifier<TTask>;
  isCached?: boolean;
}

/** What the server said about a batch it created (run ids come from the batch feed). */
export interface BatchHandle {
  batchId: string;
  runCount: number;
  /** True when an earlier batch with the same idempotency key was returned. */
  isCached: boolean;
  idempotencyKey?: string;
  /** The server's `x-trigger-jwt` (reads the batch); the caller's token if it was not exposed. */
  publicAccessToken: string;
}

/** One part of a realtime stream, with the id to resume after it. */
export interface StreamPart<TPart = unknown> {
  id: string;
  chunk: TPart;
  timestamp: number;
  /** S2 record headers (v2 streams; empty when the record has none): how session control records are marked. */
  headers?: [string, string][];
  /** v2 streams: the id the writer gave the record (`X-Part-Id` on append), when it gave one. */
  recordId?: string;
}

/** A stream defined with `streams.define({ id })` from `@trigger.dev/sdk`; only `id` is read. */
export interface DefinedStream {
  id: string;
}

/** The part type of a defined stream (from its `read()`), else `unknown`. */
export type InferStreamPart<TStream> = TStream extends { read: (...args: any[]) => PromiseLike<AsyncIterable<infer TPart>> } ? TPart : unknown;

/** An input stream defined with `streams.input<T>({ id })` from `@trigger.dev/sdk`; only `id` is read. */
export interface DefinedInputStream {
  id: string;
}

/** The data an input stream takes (from its `send(runId, data)`), else `unknown`. */
export type InferInputStreamData<TStream> = TStream extends { send: (runId: string, data: infer TData, ...rest: any[]) => any } ? TData : unknown;

/**
 * A named session channel as `defineSessionChannel` declares it: its literal `name`, and its
 * record types per side in the type-only `__shape` (never read at run time).
 */
export interface SessionChannelDefinition<TName extends string = string, TShape extends { in?: unknown; out?: unknown } = { in?: unknown; out?: unknown }> {
  readonly name: TName;
  readonly __shape?: TShape;
}

export type AnySessionChannel = SessionChannelDefinition<string, { in?: unknown; out?: unknown }>;

/** A channel's literal name (any text for `AnySessionChannel`). */
export type SessionChannelName<TChannel extends AnySessionChannel> = TChannel extends SessionChannelDefinition<infer TName, any> ? TName : never;

/** The record type of side `S` of a channel, else `unknown`. */
export type SessionChannelRecord<TChannel extends AnySessionChannel, S extends "in" | "out"> =
  TChannel extends SessionChannelDefinition<any, infer TShape> ? (TShape extends { [K in S]: infer TRecord } ? TRecord : unknown) : never;
