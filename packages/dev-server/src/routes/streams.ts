import type { ServerResponse } from "node:http";
import { authorize } from "../auth.js";
import { browserRoute, route, type ServerContext } from "../context.js";
import { HttpError, notFound, readBody, sendJson } from "../http.js";
import { isFinal, type Run } from "../model.js";
import { framingFor, type StreamFraming } from "../stream-framing.js";
import { runResources } from "./realtime.js";

const APPEND_LIMIT = 512 * 1024;
/** One NDJSON line of the v1 writer (a chunk) may be at most this big. */
const LINE_LIMIT = 1024 * 1024;
const TARGETS = new Set(["self", "parent", "root"]);
/** Data taken from the stream per write to one reader: a backlog goes out in slices of this size. */
const SLICE_BYTES = 64 * 1024;

/** Records [from, to) up to about SLICE_BYTES of data (always at least one), so a backlog goes out in slices. */
function sliceOf<T extends { data: string }>(records: readonly T[], from: number, to: number): readonly T[] {
  let end = from;
  for (let bytes = 0; end < to && (end === from || bytes < SLICE_BYTES); end++) bytes += records[end]!.data.length;
  return records.slice(from, end);
}

/** The run a writer addresses. Runs here have no parents, so `parent` and `root` are the run itself. */
function writableRun(context: ServerContext, runId: string, target: string): Run {
  const run = context.runs.getByFriendlyId(runId);
  if (!run) throw new HttpError(404, "Run not found");
  if (!TARGETS.has(target)) throw new HttpError(404, "Target not found");
  return run;
}

/**
 * `Timeout-Seconds`, read as the webapp reads it (`parseInt`): a negative number or one over 600
 * is refused with its plain-text errors; a value that parses to nothing or to 0 falls back to
 * the default, 60 s.
 */
function timeoutSeconds(header: string | string[] | undefined): number {
  const seconds = typeof header === "string" ? Number.parseInt(header, 10) : Number.NaN;
  if (!seconds) return 60;
  if (seconds < 1) throw new HttpError(400, "Timeout seconds must be greater than 0");
  if (seconds > 600) throw new HttpError(400, "Timeout seconds must be less than 600");
  return seconds;
}

/**
 * Writes the stream's parts as server-sent events in the run's stream version until the stream
 * has been quiet for the timeout (v1: `Timeout-Seconds`; v2: S2's wait), then ends the body:
 * that close is the only end signal, the run finishing is none. Keep-alives and the inactivity
 * limit use the shared deadlines, re-armed lazily: a write only records a time, so busy streams
 * cost no timer churn. Armed faults fire when the reader reaches their record.
 *
 * Backpressure: parts go out in slices, and once the socket stops taking them the reader is
 * paused until it drains — the parts stay in the stream, so a slow reader costs one slice, not
 * a copy of the stream. A reader still paused when the timeout comes is cut (not ended), so
 * its client reconnects with `Last-Event-ID` and loses nothing.
 */
function streamEvents(context: ServerContext, response: ServerResponse, run: Run, key: string, framing: StreamFraming, next: number, timeoutMs: number) {
  return new Promise<void>((resolve) => {
    let lastWrite = Date.now();
    let lastData = Date.now();
    let ended = false;
    let paused = false;
    let cancelKeepAlive = () => {};
    let cancelInactivity = () => {};

    const keepAlive = () => {
      if (ended) return;
      const quiet = Date.now() - lastWrite;
      if (quiet >= context.keepAliveMs - 50 && !paused) {
        response.write(framing.ping);
        lastWrite = Date.now();
      }
      cancelKeepAlive = context.deadlines.schedule(lastWrite + context.keepAliveMs - Date.now(), keepAlive);
    };
    const inactivity = () => {
      if (ended) return;
      const idle = Date.now() - lastData;
      // A reader that stopped reading is cut: a clean end would tell it the stream is over.
      if (idle >= timeoutMs - 50) return paused ? cut() : end(framing.end);
      cancelInactivity = context.deadlines.schedule(timeoutMs - idle, inactivity);
    };
    const resume = () => {
      paused = false;
      flush();
    };
    const flush = () => {
      if (ended || paused) return;
      for (;;) {
        const records = context.streams.records(run.id, key);
        if (next >= records.length) return;
        const slice = sliceOf(records, next, records.length);
        // A fault fires when this reader reaches its record: within this slice, or not yet.
        const fault = context.streams.takeFault(run.id, key, next, next + slice.length);
        const sent = fault ? slice.slice(0, fault.at - next) : slice;
        let accepted = true;
        if (sent.length > 0) {
          accepted = response.write(framing.events(sent, records[records.length - 1]!));
          next += sent.length;
          lastWrite = lastData = Date.now();
        }
        if (fault?.kind === "error" && framing.error) return end(framing.error(`Injected read failure at record ${fault.at}`));
        if (fault) return cut();
        if (!accepted) {
          paused = true;
          response.once("drain", resume);
          return;
        }
      }
    };
    const stop = () => {
      ended = true;
      cancelKeepAlive();
      cancelInactivity();
      unlisten();
      unhold();
      response.off("close", onClose);
      response.off("drain", resume);
      context.openStreams.count--;
      resolve();
    };
    /** A clean end of the body, after a last event. */
    const end = (last: string) => {
      if (ended) return;
      stop();
      if (!response.destroyed) response.end(last);
    };
    /** An abrupt end (no clean end of the chunked body), once what was written has left. */
    const cut = () => {
      if (ended) return;
      const wasPaused = paused;
      stop();
      if (wasPaused) response.destroy();
      else response.write("", () => response.destroy());
    };
    const onClose = () => end("");

    context.openStreams.count++;
    const unlisten = context.streams.listen(run.id, key, flush);
    const unhold = context.onHold(() => response.destroy(), "stream");
    response.on("close", onClose);
    cancelKeepAlive = context.deadlines.schedule(context.keepAliveMs, keepAlive);
    cancelInactivity = context.deadlines.schedule(timeoutMs, inactivity);
    flush();
  });
}

export const streamRoutes = [
  /**
   * `GET /realtime/v1/streams/:runId/:key`, framed in the run's stream version (v1 Redis or v2
   * S2, see stream-framing.ts), resuming after `Last-Event-ID` with that version's cursor rules.
   * `X-Trigger-Stream-Start: latest` without a `Last-Event-ID` (this server only) skips the
   * history: only parts appended from now on are sent.
   */
  browserRoute("GET", /^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)$/, "stream", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const run = context.runs.getByFriendlyId(params[0]!);
    if (!run) throw notFound();
    authorize(principal, "read", runResources(context, run));
    const key = decodeURIComponent(params[1]!);
    const timeoutMs = timeoutSeconds(request.headers["timeout-seconds"]) * 1000;
    const framing = framingFor(run.realtimeStreamsVersion);

    const lastEventId = request.headers["last-event-id"] as string | undefined;
    const records = context.streams.records(run.id, key);
    const next = lastEventId === undefined && request.headers["x-trigger-stream-start"] === "latest" ? records.length : framing.startIndex(records, lastEventId);

    // The reader left while the request was being checked: nothing to hold open.
    if (response.destroyed) return;
    // Headers go out at once: readers give up if they wait 30 s for them.
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", ...framing.headers });
    response.flushHeaders();
    await streamEvents(context, response, run, key, framing, next, timeoutMs);
  }),

  // Writer: create the stream.
  route("PUT", /^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)\/([^/]+)$/, "stream-write", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const run = writableRun(context, params[0]!, params[1]!);
    if (isFinal(run)) throw new HttpError(400, "Cannot create a stream on a completed run");
    // The run's version, without S2 credentials: the SDK then writes NDJSON here even for v2.
    sendJson(response, 202, { version: run.realtimeStreamsVersion });
  }),

  // v1 ingest: a long-lived NDJSON body; each line is a part, published as soon as it arrives.
  route("POST", /^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)\/([^/]+)$/, "stream-write", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const run = writableRun(context, params[0]!, params[1]!);
    const key = decodeURIComponent(params[2]!);
    const clientId = String(request.headers["x-client-id"] ?? "default");
    const resumeHeader = request.headers["x-resume-from-chunk"];
    const resumeFrom = resumeHeader === undefined ? 0 : Number(resumeHeader);
    if (!Number.isInteger(resumeFrom) || resumeFrom < 0) throw new HttpError(400, "Invalid X-Resume-From-Chunk header");
    let index = resumeFrom;
    const publish = (line: string) => {
      if (line.trim() === "") return;
      context.engine.appendStream(run, key, line);
      context.streams.recordWriterProgress(run.id, key, clientId, index++);
    };
    await new Promise<void>((resolve, reject) => {
      let pending = "";
      request.setEncoding("utf8");
      request.on("data", (text: string) => {
        pending += text;
        const lines = pending.split("\n");
        pending = lines.pop()!;
        if (pending.length > LINE_LIMIT) {
          request.destroy();
          return reject(new HttpError(413, "Stream chunk too large"));
        }
        lines.forEach(publish);
      });
      request.on("end", () => {
        publish(pending);
        resolve();
      });
      request.on("error", reject);
      request.on("close", () => resolve());
    });
    response.writeHead(200).end();
  }),

  // v1 resume probe: the last chunk index this writer delivered (-1: none).
  route("HEAD", /^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)\/([^/]+)$/, "stream-write", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const run = writableRun(context, params[0]!, params[1]!);
    const clientId = String(request.headers["x-client-id"] ?? "default");
    const last = context.streams.writerProgressOf(run.id, decodeURIComponent(params[2]!), clientId);
    response.writeHead(200, { "x-last-chunk-index": String(last) }).end();
  }),

  // One raw text part, stored as a JSON string as Trigger.dev does.
  route("POST", /^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)\/([^/]+)\/append$/, "stream-write", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const body = await readBody(request, APPEND_LIMIT, true);
    const run = writableRun(context, params[0]!, params[1]!);
    context.engine.appendStream(run, decodeURIComponent(params[2]!), JSON.stringify(body.toString("utf8")));
    sendJson(response, 200, { ok: true });
  }),
];
