import type { RealtimeClient } from "../client.js";
import { errorFromResponse, RealtimeError, toError } from "../errors.js";
import { streamBatchSchema } from "../schemas/stream-records.js";
import type { StreamPart } from "../types.js";
import { detach, SSEParser, type ServerSentEvent } from "./sse-parser.js";

export interface ReadStreamOptions {
  client: RealtimeClient;
  runId: string;
  streamKey: string;
  /** Another SSE endpoint of the same wire formats (a session channel); default the run's stream. */
  path?: string;
  /** How errors name what is read; default `stream "<key>" of run <id>`. */
  what?: string;
  lastEventId?: string;
  /**
   * Start at this 0-based part index. v2 servers start there (`Last-Event-ID: startIndex - 1`);
   * v1 servers read that header as a Redis id and replay everything, so the first
   * `startIndex` parts are skipped here instead. `lastEventId` wins.
   */
  startIndex?: number;
  /** `latest` starts at the stream's tail instead of replaying it (when no lastEventId). */
  from?: "beginning" | "latest";
  /** Sent as `Timeout-Seconds`: the server ends the stream after this long without data. */
  timeoutInSeconds?: number;
  signal: AbortSignal;
  onParts(parts: StreamPart[]): void;
  /** A retryable failure while retrying, or `undefined` once connected again. */
  onRetrying(error: RealtimeError | undefined): void;
  /** v2, after each batch: whether every record stored so far has been received (the batch's tail says). */
  onTail?(caughtUp: boolean): void;
}

const FATAL_STATUSES = new Set([400, 401, 403, 404, 409, 410, 422]);
const CONNECT_TIMEOUT_MS = 30_000;
/** Longest stretch spent reading already-received text before letting the event loop run. */
const BUSY_MS = 10;

/**
 * Reads a realtime stream over SSE until the server ends the body cleanly (its end-of-stream
 * signal: the server's inactivity timeout, never the run finishing) or `signal` aborts. A
 * dropped connection, a retryable error or a v2 (S2) `error` event reconnects with
 * `Last-Event-ID`, so no part is lost or doubled; 4xx answers end it with an error. Both wire
 * formats are understood: v1 (one part per event) and v2 (`batch` events of records,
 * deduplicated by record id).
 */
export async function readStream(options: ReadStreamOptions): Promise<void> {
  const { client, signal } = options;
  const fromStartIndex = options.lastEventId === undefined && options.startIndex !== undefined && options.startIndex > 0;
  let lastEventId = fromStartIndex ? String(options.startIndex! - 1) : options.lastEventId;
  /** v1 parts still to skip for `startIndex` (v1 servers replay from the start). */
  let toSkip = fromStartIndex ? options.startIndex! : 0;
  let delay = 100;
  /** Set by a v2 batch with a tail: whether it reached that tail. */
  let caughtUp: boolean | undefined;
  const seenRecordIds = new RecentIds(5000);
  const what = options.what ?? `stream "${options.streamKey}" of run ${options.runId}`;

  while (!signal.aborted) {
    const attempt = new AbortController();
    const abortAttempt = () => attempt.abort();
    signal.addEventListener("abort", abortAttempt, { once: true });
    try {
      const response = await connect(attempt);
      if (!response.ok) {
        const error = await errorFromResponse(response, what);
        if (FATAL_STATUSES.has(response.status) || error.isFatal) throw error;
        options.onRetrying(error);
      } else {
        options.onRetrying(undefined);
        delay = 100;
        const version = response.headers.get("x-stream-version") === "v2" ? "v2" : "v1";
        const ended = await consume(response, version);
        if (ended) return;
      }
    } catch (cause) {
      if (signal.aborted) return;
      const error = toError(cause);
      if (error instanceof RealtimeError && error.isFatal) throw error;
      options.onRetrying(error instanceof RealtimeError ? error : new RealtimeError("network", `Connection to ${what} dropped: ${error.message}`));
    } finally {
      signal.removeEventListener("abort", abortAttempt);
      attempt.abort();
    }
    await sleep(delay * (0.5 + Math.random() * 0.5), signal);
    delay = Math.min(delay * 2, 5000);
  }

  async function connect(attempt: AbortController): Promise<Response> {
    const headers: Record<string, string> = { accept: "text/event-stream" };
    if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
    else if (options.from === "latest") headers["x-trigger-stream-start"] = "latest";
    if (options.timeoutInSeconds !== undefined) headers["timeout-seconds"] = String(options.timeoutInSeconds);
    // Headers must arrive in time; a connect that hangs is retried.
    const timer = setTimeout(() => attempt.abort(), CONNECT_TIMEOUT_MS);
    try {
      const path = options.path ?? `/realtime/v1/streams/${encodeURIComponent(options.runId)}/${encodeURIComponent(options.streamKey)}`;
      return await client.request(path, { headers, signal: attempt.signal, kind: "stream" });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads events until the body ends. True when it ended cleanly (the end of the stream). */
  async function consume(response: Response, version: "v1" | "v2"): Promise<boolean> {
    if (!response.body) return true;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SSEParser();
    let busySince = performance.now();
    try {
      for (;;) {
        const asked = performance.now();
        const { done, value } = await reader.read();
        if (done) return !signal.aborted;
        // A read that had to wait for the network let the event loop run meanwhile.
        if (performance.now() - asked > 1) busySince = performance.now();
        const parts: StreamPart[] = [];
        for (const event of parser.push(value)) {
          if (version === "v1") readV1(event, parts);
          else if (event.event === "error") {
            // S2 failed this read: what came before it stands, the rest comes on a new connection.
            if (parts.length > 0) options.onParts(parts);
            throw new RealtimeError("server", `Reading ${what} failed: ${event.data}`);
          } else readV2(event, parts);
        }
        if (parts.length > 0) options.onParts(parts);
        if (caughtUp !== undefined) {
          options.onTail?.(caughtUp);
          caughtUp = undefined;
        }
        // Text already received is read without leaving the microtask queue, so a backlog (a
        // stream faster than this client) would hold off timers — the throttle that publishes
        // parts, rendering, input — until it is drained, and publish it as one huge update.
        if (performance.now() - busySince > BUSY_MS) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          busySince = performance.now();
        }
      }
    } finally {
      reader.releaseLock();
    }
  }

  function readV1(event: ServerSentEvent, parts: StreamPart[]) {
    if (event.id === undefined) return;
    lastEventId = event.id;
    if (toSkip > 0) return void toSkip--;
    parts.push({ id: event.id, chunk: parseJson(event.data), timestamp: Number.parseInt(event.id, 10) || Date.now() });
  }

  function readV2(event: ServerSentEvent, parts: StreamPart[]) {
    if (event.event !== "batch") return;
    toSkip = 0; // v2 servers start at the asked index themselves
    const batch = streamBatchSchema.safeParse(parseJson(event.data));
    if (!batch.success) throw new RealtimeError("invalid_data", `A batch of ${what} could not be read: ${batch.error.issues[0]!.path.join(".") || "the batch"} is malformed`);
    for (const record of batch.data.records ?? []) {
      lastEventId = String(record.seq_num);
      if (record.headers?.[0]?.[0] === "") continue; // a command record, not data
      const body = typeof record.body === "string" ? (parseJson(record.body) as { data?: unknown; id?: string }) : undefined;
      if (body?.id !== undefined && !seenRecordIds.add(body.id)) continue;
      // As the SDK: the record's headers (empty when it has none; session control records are
      // told apart by them) and the id its writer gave it (`X-Part-Id`).
      const part: StreamPart = { id: String(record.seq_num), chunk: body?.data, timestamp: record.timestamp ?? Date.now(), headers: record.headers ?? [] };
      if (body?.id !== undefined) part.recordId = body.id;
      parts.push(part);
    }
    const tail = batch.data.tail?.seq_num;
    if (typeof tail === "number") caughtUp = lastEventId !== undefined && Number(lastEventId) + 1 >= tail;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return detach(text);
  }
}

/** A bounded set of recently seen ids. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly limit: number) {}
  /** False when the id was already seen. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
