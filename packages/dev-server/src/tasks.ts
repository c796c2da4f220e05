import type { InputStream, SessionChannels } from "./task-channels.js";

/** What a task's `run` gets besides its payload. */
export interface TaskContext {
  run: { id: string; taskIdentifier: string; tags: string[] };
  /** Aborts when the run is canceled or the server closes; every other `ctx` call then throws. */
  signal: AbortSignal;
  /** Trigger.dev's metadata operations; keys may be `$.a.b` paths. */
  metadata: {
    get(): Record<string, unknown>;
    set(key: string, value: unknown): void;
    /** Deletes the key. */
    del(key: string): void;
    /** Adds `value` to the array at `key` (a scalar there becomes the array's first item). */
    append(key: string, value: unknown): void;
    /** Removes every item equal to `value` from the array at `key`. */
    remove(key: string, value: unknown): void;
    increment(key: string, by?: number): void;
    replace(metadata: Record<string, unknown>): void;
  };
  streams: {
    /** Appends one part to the stream `key`. */
    append(key: string, chunk: unknown): void;
    /** Appends every value of `source` as it arrives; resolves when it ends. */
    pipe(key: string, source: AsyncIterable<unknown>): Promise<void>;
    /** Data sent to this run (`POST /realtime/v1/streams/:runId/input/:id`), like the SDK's `streams.input<T>({ id })`. */
    input<T = unknown>(options: { id: string }): InputStream<T>;
  };
  /** The channels of a session (by friendly or external id), like the SDK's `sessions.open(id)`. */
  session<TIn = unknown, TOut = unknown>(idOrExternalId: string): SessionChannels<TIn, TOut>;
  wait: {
    /** A wait token and a public token that may complete it. */
    createToken(options?: { timeout?: string | Date; idempotencyKey?: string }): Promise<{ id: string; publicAccessToken: string }>;
    /** Pauses the run (status WAITING) until the token is completed or times out. */
    forToken<T = unknown>(id: string): Promise<{ ok: true; output: T } | { ok: false; error: Error }>;
  };
  tags: { add(...tags: string[]): void };
  /** Resolves after `ms`; rejects early if the run is stopped. */
  sleep(ms: number): Promise<void>;
}

/** A task the dev server can run: `{ id, run(payload, ctx) }`, like `task()` from the SDK. */
export interface TaskDefinition<TPayload = any, TOutput = unknown> {
  id: string;
  run(payload: TPayload, ctx: TaskContext): TOutput | Promise<TOutput>;
}

/** Defines a task with its types. */
export function defineTask<TPayload = any, TOutput = unknown>(task: TaskDefinition<TPayload, TOutput>): TaskDefinition<TPayload, TOutput> {
  return task;
}
