import { authorize } from "../auth.js";
import { browserRoute, type ServerContext } from "../context.js";
import { checkJsonDepth } from "../json.js";
import { badRequest, notFound, readBody, sendJson, sendText } from "../http.js";
import { isSettled, sessionReadStart, sessionTimeoutSeconds, streamSessionEvents } from "../session-events.js";
import { ensureRun, isExpired, sessionResources } from "../session-rules.js";
import { addressingKey, channelKey, isFriendlyIdForm, recordData, type SessionIo } from "../sessions.js";

const APPEND_LIMIT = 1024 * 1024;
/** `:session/:io` or, for a named side channel, `:session/channels/:name/:io`. */
const CHANNEL = "([^/]+)(?:/channels/([^/]+))?/([^/]+)";
const CHANNEL_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** `in` or `out`; anything else fails Cloud's params check. */
function channelOf(io: string): SessionIo {
  if (io !== "in" && io !== "out") throw badRequest("Invalid request parameters", { issues: [{ path: ["io"], message: "Expected 'out' | 'in'" }] });
  return io;
}

/**
 * The session a channel request names and the key its records live under (a named side channel's
 * apart from the session's own pair). Friendly ids must exist; external ids need not yet.
 */
function channelTarget(context: ServerContext, params: string[]) {
  const urlKey = decodeURIComponent(params[0]!);
  const name = params[1] === undefined ? undefined : decodeURIComponent(params[1]);
  if (name !== undefined && !CHANNEL_NAME.test(name)) throw badRequest("Invalid session channel name");
  const io = channelOf(params[2]!);
  const session = context.engine.sessions.find(urlKey);
  if (!session && isFriendlyIdForm(urlKey)) throw notFound();
  return { urlKey, io, name, session, key: channelKey(addressingKey(session, urlKey), name) };
}

export const sessionChannelRoutes = [
  /**
   * `PUT /realtime/v1/sessions/:session/:io` hands the task's writer S2 credentials in Cloud.
   * This server has no S2, so it answers as Cloud does without that backend; tasks here write
   * `out` through `ctx.session(id).out`, and the secret key through the `append` route.
   */
  browserRoute("PUT", new RegExp(`^/realtime/v1/sessions/${CHANNEL}$`), "session", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const { urlKey, io } = channelTarget(context, params);
    authorize(principal, "write", [{ type: "sessions", id: urlKey }]);
    if (io === "out" && principal.kind !== "secret") return sendText(response, 403, "Initializing the out channel requires secret key authentication");
    sendText(response, 501, "Session channels require the S2 realtime backend");
  }),

  /** `HEAD`: resume is by `Last-Event-ID`, so the index is always 0, as Cloud answers. */
  browserRoute("HEAD", new RegExp(`^/realtime/v1/sessions/${CHANNEL}$`), "session", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const { urlKey, session } = channelTarget(context, params);
    authorize(principal, "read", sessionResources(urlKey, session));
    response.writeHead(200, { "x-last-chunk-index": "0" }).end();
  }),

  /**
   * `GET /realtime/v1/sessions/:session/:io`: the channel as S2 server-sent events (`X-Stream-Version:
   * v2`), from `Last-Event-ID` (a `seq_num`) or the start, live until `Timeout-Seconds` pass with
   * nothing new. `X-Peek-Settled: 1` on `out` whose last record is a `turn-complete`: what is there,
   * then the end at once, with `X-Session-Settled: true`.
   */
  browserRoute("GET", new RegExp(`^/realtime/v1/sessions/${CHANNEL}$`), "session-stream", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const { urlKey, io, session, key } = channelTarget(context, params);
    authorize(principal, "read", sessionResources(urlKey, session));
    let waitMs = sessionTimeoutSeconds(request.headers["timeout-seconds"]) * 1000;
    const settled = io === "out" && request.headers["x-peek-settled"] === "1" && isSettled(context, key);
    if (settled) waitMs = 0;
    const start = sessionReadStart(context, key, io, request.headers["last-event-id"] as string | undefined, request.headers["x-trigger-stream-start"] as string | undefined);
    if (response.destroyed) return;
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
      "x-stream-version": "v2",
      ...(settled ? { "x-session-settled": "true" } : {}),
    });
    response.flushHeaders();
    await streamSessionEvents(context, response, key, io, start, waitMs);
  }),

  /** `GET …/records?afterEventId=n`: what the channel holds now, as JSON, without waiting. */
  browserRoute("GET", new RegExp(`^/realtime/v1/sessions/${CHANNEL}/records$`), "session", async (context, { request, response, params, url }) => {
    const principal = await context.auth.authenticate(request);
    const { urlKey, io, session, key } = channelTarget(context, params);
    authorize(principal, "read", sessionResources(urlKey, session));
    const after = url.searchParams.get("afterEventId");
    if (after !== null && !/^\d+$/.test(after)) throw badRequest("Invalid search parameters");
    const records = context.engine.sessions.after(key, io, after === null ? undefined : Number(after)).map((record) => ({
      data: recordData(record) ?? "",
      id: record.body === "" ? "" : ((JSON.parse(record.body) as { id?: string }).id ?? ""),
      seqNum: record.seq_num,
      headers: record.headers,
    }));
    sendJson(response, 200, { records });
  }),

  /**
   * `POST …/:io/append`: one raw text record (≤ 1 MiB), stored in the envelope `{ data: <text>, id }`.
   * `X-Part-Id` makes a retried append land once. `in` needs `write:sessions:<id>`; `out` only the
   * secret key. A closed or expired session refuses (400). The session gets a live run first.
   */
  browserRoute("POST", new RegExp(`^/realtime/v1/sessions/${CHANNEL}/append$`), "session", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const { urlKey, io, name, session, key } = channelTarget(context, params);
    if (!session) throw notFound();
    authorize(principal, "write", sessionResources(urlKey, session));
    const body = await readBody(request, APPEND_LIMIT, true);
    if (session.closedAt !== null) return sendJson(response, 400, { ok: false, error: "Cannot append to a closed session" });
    if (isExpired(session)) return sendJson(response, 400, { ok: false, error: "Cannot append to an expired session" });
    // Clients write `in`; only the task's side (the secret key) writes `out`.
    if (io === "out" && principal.kind !== "secret") {
      return sendJson(response, 403, { ok: false, error: "Appending to the out channel requires secret key authentication" });
    }
    // A message on the session's own `in` needs a live run; side channels wake nothing.
    if (name === undefined && context.engine.hasTask(session.taskIdentifier)) ensureRun(context, session);
    const partId = request.headers["x-part-id"];
    checkJsonDepth(body.toString("utf8"));
    const record = context.engine.sessions.appendData(key, io, body.toString("utf8"), typeof partId === "string" ? partId : undefined);
    sendJson(response, 200, { ok: true, seq: record?.seq_num });
  }),
];
