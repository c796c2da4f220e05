import { parseDuration } from "./shapes/duration.js";

export type InputResult<T> = { ok: true; output: T } | { ok: false; error: Error };

type Handler = (data: unknown) => void;

interface Channel {
  /** Records nobody has taken yet: the next `once`/`wait` gets the oldest. */
  buffered: unknown[];
  handlers: Set<Handler>;
  /** Pending `once`/`wait` calls, told that something arrived. */
  arrivals: Set<() => void>;
}

/**
 * Data sent to running tasks (`POST /realtime/v1/streams/:runId/input/:streamId`), per run and
 * stream. Every record reaches the stream's `on` handlers; the oldest record nobody has taken
 * goes to the first pending `once`/`wait`, or waits in a buffer for the next one.
 */
export class InputStreamRegistry {
  private readonly channels = new Map<string, Channel>();

  send(runId: string, streamId: string, data: unknown): void {
    const channel = this.channel(runId, streamId);
    channel.buffered.push(data);
    for (const handler of [...channel.handlers]) handler(data);
    for (const arrival of [...channel.arrivals]) arrival();
  }

  on(runId: string, streamId: string, handler: Handler): () => void {
    const channel = this.channel(runId, streamId);
    channel.handlers.add(handler);
    return () => channel.handlers.delete(handler);
  }

  /** The oldest record not taken yet, waiting for one if need be. */
  next<T>(runId: string, streamId: string, signal: AbortSignal, timeoutMs?: number): Promise<InputResult<T>> {
    const channel = this.channel(runId, streamId);
    return nextRecord<T>({
      take: () => (channel.buffered.length > 0 ? { value: channel.buffered.shift() as T } : undefined),
      listen: (arrival) => {
        channel.arrivals.add(arrival);
        return () => channel.arrivals.delete(arrival);
      },
      signal,
      timeoutMs,
      what: `input stream "${streamId}"`,
    });
  }

  /** Forgets a finished run's channels. */
  dropRun(runId: string): void {
    for (const key of this.channels.keys()) if (key.startsWith(`${runId}\n`)) this.channels.delete(key);
  }

  private channel(runId: string, streamId: string): Channel {
    const key = `${runId}\n${streamId}`;
    let channel = this.channels.get(key);
    if (!channel) this.channels.set(key, (channel = { buffered: [], handlers: new Set(), arrivals: new Set() }));
    return channel;
  }
}

export interface NextRecordOptions<T> {
  /** Takes the next record if there is one. */
  take(): { value: T } | undefined;
  /** Calls `arrival` whenever a record may have arrived; returns how to stop. */
  listen(arrival: () => void): () => void;
  /** Aborting rejects the wait (the run was stopped). */
  signal: AbortSignal;
  /** After this long without a record: `{ ok: false }`. */
  timeoutMs?: number;
  what: string;
}

/** The next record of a channel: at once if one is there, else when one arrives, the timeout passes or the run stops. */
export function nextRecord<T>({ take, listen, signal, timeoutMs, what }: NextRecordOptions<T>): Promise<InputResult<T>> {
  if (signal.aborted) return Promise.reject(new Error("Stopped"));
  const taken = take();
  if (taken) return Promise.resolve({ ok: true, output: taken.value });
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      unlisten();
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new Error("Stopped"));
    };
    const unlisten = listen(() => {
      const record = take();
      if (!record) return;
      finish();
      resolve({ ok: true, output: record.value });
    });
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            finish();
            resolve({ ok: false, error: new Error(`Timed out waiting for ${what}`) });
          }, timeoutMs);
    (timer as { unref?: () => void } | undefined)?.unref?.();
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** A timeout given as ms or as a duration (`"30s"`, `"1h"`); undefined means none. */
export function timeoutMsOf(timeout: number | string | undefined): number | undefined {
  if (timeout === undefined) return undefined;
  if (typeof timeout === "number") return timeout;
  const ms = parseDuration(timeout);
  if (ms === undefined) throw new Error(`Unreadable timeout "${timeout}"`);
  return ms;
}
