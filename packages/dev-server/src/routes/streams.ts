import { authorize } from "../auth.js";
import { HttpError, notFound, readBody, sendJson } from "../http.js";
import { isFinal } from "../model.js";
import { route, type ServerContext } from "../context.js";
import { runReadResources } from "./realtime.js";

const PING_MS = 10_000;
const APPEND_LIMIT = 512 * 1024;
const INGEST_LIMIT = 64 * 1024 * 1024;

function writableRun(context: ServerContext, runId: string) {
  const run = context.runs.get(runId);
  if (!run) throw new HttpError(404, "Run not found");
  return run;
}

/**
 * `GET /realtime/v1/streams/:runId/:key` as server-sent events (`id: <ms>-<index>`), resuming
 * after `Last-Event-ID`. The response closes after `Timeout-Seconds` without data, or as soon
 * as the run has finished and every part has been sent: the reader's end of stream.
 */
export const streamRoutes = [
  route("GET", /^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)$/, "stream", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const run = context.runs.get(params[0]!);
    if (!run || run.friendlyId !== params[0]) throw notFound();
    authorize(principal, "read", runReadResources(context, run));
    const key = decodeURIComponent(params[1]!);

    const timeoutHeader = request.headers["timeout-seconds"];
    let timeoutSeconds = 60;
    if (timeoutHeader !== undefined) {
      timeoutSeconds = Number(timeoutHeader);
      if (!Number.isFinite(timeoutSeconds)) throw new HttpError(400, "Invalid timeout seconds");
      if (timeoutSeconds < 1) throw new HttpError(400, "Timeout seconds must be greater than 0");
      if (timeoutSeconds > 600) throw new HttpError(400, "Timeout seconds must be less than 600");
    }

    let cursor = request.headers["last-event-id"] as string | undefined;
    if (cursor === undefined && request.headers["x-trigger-stream-start"] === "latest") {
      const length = context.streams.length(run.id, key);
      cursor = length > 0 ? String(length - 1) : undefined;
    }

    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    response.flushHeaders();
    context.openStreams.count++;

    await new Promise<void>((resolve) => {
      let inactivity: ReturnType<typeof setTimeout>;
      const armInactivity = () => {
        clearTimeout(inactivity);
        inactivity = setTimeout(end, timeoutSeconds * 1000);
      };
      const ping = setInterval(() => response.write(": ping\n\n"), PING_MS);
      const flush = () => {
        const records = context.streams.after(run.id, key, cursor);
        if (records.length > 0) {
          response.write(records.map((record) => `id: ${record.id}\ndata: ${record.data}\n\n`).join(""));
          cursor = records[records.length - 1]!.id;
          armInactivity();
        }
        if (isFinal(run)) end();
      };
      const unlisten = context.streams.listen(run.id, key, flush);
      const unhold = context.onHold(() => response.destroy(), "stream");
      let ended = false;
      function end() {
        if (ended) return;
        ended = true;
        clearTimeout(inactivity);
        clearInterval(ping);
        unlisten();
        unhold();
        context.openStreams.count--;
        if (!response.destroyed) response.end();
        resolve();
      }
      response.on("close", end);
      armInactivity();
      flush();
    });
  }),

  // v1 writer: create the stream (no S2 credentials, so the SDK writes NDJSON to us).
  route("PUT", /^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)\/([^/]+)$/, "stream-write", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const run = writableRun(context, params[0]!);
    if (isFinal(run)) throw new HttpError(400, "Cannot create a stream on a completed run");
    sendJson(response, 202, { version: "v1" });
  }),

  route("POST", /^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)\/([^/]+)$/, "stream-write", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const run = writableRun(context, params[0]!);
    const key = decodeURIComponent(params[2]!);
    const clientId = String(request.headers["x-client-id"] ?? "default");
    const resumeFrom = Number(request.headers["x-resume-from-chunk"] ?? 0);
    if (!Number.isInteger(resumeFrom) || resumeFrom < 0) throw new HttpError(400, "Invalid X-Resume-From-Chunk header");
    const body = (await readBody(request, INGEST_LIMIT)).toString("utf8");
    let index = resumeFrom;
    for (const line of body.split("\n")) {
      if (line.trim() === "") continue;
      context.engine.appendStream(run, key, line);
      context.streams.recordWriterProgress(run.id, key, clientId, index++);
    }
    response.writeHead(200).end();
  }),

  route("HEAD", /^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)\/([^/]+)$/, "stream-write", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const run = writableRun(context, params[0]!);
    const clientId = String(request.headers["x-client-id"] ?? "default");
    const last = context.streams.writerProgressOf(run.id, decodeURIComponent(params[2]!), clientId);
    response.writeHead(200, { "x-last-chunk-index": String(last) }).end();
  }),

  // One raw text part, stored as a JSON string as Trigger.dev does.
  route("POST", /^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)\/([^/]+)\/append$/, "stream-write", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const run = writableRun(context, params[0]!);
    if (request.headers["content-length"] === undefined) throw new HttpError(413, { error: "Request body too large" });
    const body = await readBody(request, APPEND_LIMIT);
    context.engine.appendStream(run, decodeURIComponent(params[2]!), JSON.stringify(body.toString("utf8")));
    sendJson(response, 200, { ok: true });
  }),
];

