import { nextRecord, timeoutMsOf, type InputResult, type InputStreamRegistry } from "./input-streams.js";
import { channelKey, CONTROL_HEADER, recordData, type RecordHeaders, type SessionRecord, type SessionRegistry } from "./sessions.js";

/** Data sent to the run from outside, like what the SDK's `streams.input<T>({ id })` gives a task. */
export interface InputStream<T = unknown> {
  /** Calls `handler` with every record that arrives from now on. */
  on(handler: (data: T) => void): { off(): void };
  /** The next record not taken yet (the run keeps executing); `{ ok: false }` after `timeoutMs`. */
  once(options?: { timeoutMs?: number }): Promise<InputResult<T>>;
  /** Like `once`, but the run shows WAITING meanwhile; `timeout` as ms or `"30s"`, `"1h"` … */
  wait(options?: { timeout?: number | string }): Promise<InputResult<T>>;
}

/** A session's channels as its task sees them, like the SDK's `sessions.open(id)`. */
export interface SessionChannels<TIn = unknown, TOut = unknown> {
  /** The key the session's channels live under (its external id, else its friendly id). */
  readonly id: string;
  /** What clients send (`POST …/in/append`); each record is taken by one run of the session. */
  in: InputStream<TIn>;
  out: {
    /** Appends one data record for the session's readers. */
    append(value: TOut): void;
    /** Appends every value of `source` as it arrives; resolves when it ends. */
    pipe(source: AsyncIterable<TOut>): Promise<void>;
    /** Appends a control record (`trigger-control: <subtype>`); readers get it as a control event, never as a record. */
    control(subtype: string, headers?: RecordHeaders): void;
  };
  /** A named side channel of the session (`…/channels/:name/:io`): its own `in`/`out`; writing its `in` wakes no run. */
  channel<TChannelIn = unknown, TChannelOut = unknown>(name: string): SessionChannels<TChannelIn, TChannelOut>;
}

/** What the channels need of the running task. */
export interface RunHooks {
  runId: string;
  signal: AbortSignal;
  /** Throws once the run was stopped. */
  live(): void;
  /** The run waits (status WAITING) until `promise` settles. */
  waiting<T>(promise: Promise<T>): Promise<T>;
}

/** `ctx.streams.input({ id })`. */
export function inputStream<T>(inputs: InputStreamRegistry, hooks: RunHooks, streamId: string): InputStream<T> {
  const next = (timeoutMs: number | undefined) => inputs.next<T>(hooks.runId, streamId, hooks.signal, timeoutMs);
  return {
    on(handler) {
      hooks.live();
      return { off: inputs.on(hooks.runId, streamId, (data) => handler(data as T)) };
    },
    once: async (options = {}) => next(options.timeoutMs),
    wait: async (options = {}) => hooks.waiting(next(timeoutMsOf(options.timeout))),
  };
}

/** `ctx.session(id)`: `key` is the session's addressing key. */
export function sessionChannels<TIn, TOut>(sessions: SessionRegistry, hooks: RunHooks, key: string): SessionChannels<TIn, TOut> {
  const data = (record: SessionRecord) => readInput(recordData(record)) as TIn;
  const next = (timeoutMs: number | undefined) =>
    nextRecord<TIn>({
      take: () => {
        const record = sessions.takeInput(key);
        return record ? { value: data(record) } : undefined;
      },
      listen: (arrival) => sessions.listen(key, "in", arrival),
      signal: hooks.signal,
      timeoutMs,
      what: `session "${key}"`,
    });
  const append = (value: TOut) => {
    hooks.live();
    sessions.appendData(key, "out", value);
  };
  return {
    id: key,
    channel: (name) => sessionChannels(sessions, hooks, channelKey(key, name)),
    in: {
      on(handler) {
        hooks.live();
        let seen = sessions.length(key, "in") - 1;
        const off = sessions.listen(key, "in", () => {
          for (const record of sessions.after(key, "in", seen)) {
            seen = record.seq_num;
            handler(data(record));
          }
        });
        return { off };
      },
      once: async (options = {}) => next(options.timeoutMs),
      wait: async (options = {}) => hooks.waiting(next(timeoutMsOf(options.timeout))),
    },
    out: {
      append,
      async pipe(source) {
        for await (const value of source) append(value);
      },
      control(subtype, headers = []) {
        hooks.live();
        sessions.append(key, "out", "", [[CONTROL_HEADER, subtype], ...headers]);
      },
    },
  };
}

/** Clients append raw text (`send` JSON-encodes anything but a string): JSON is read back, other text stays text. */
function readInput(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
