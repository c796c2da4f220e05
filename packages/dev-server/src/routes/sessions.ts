import { authorize, type Resource } from "../auth.js";
import { route, type ServerContext } from "../context.js";
import { badRequest, HttpError, notFound, readBody, readJson, sendJson, sendText } from "../http.js";
import { isFinal } from "../model.js";
import { addressingKey, channelKey, isFriendlyIdForm, recordData, type Session, type SessionIo } from "../sessions.js";
import { serialize } from "../serialization.js";
import { isSettled, sessionReadStart, sessionTimeoutSeconds, streamSessionEvents } from "../session-events.js";
import { insertRun, prepareRun } from "../triggering.js";

const CREATE_LIMIT = 32 * 1024;
const APPEND_LIMIT = 1024 * 1024;
const SESSION = "([^/]+)";
/** `:session/:io` or, for a named side channel, `:session/channels/:name/:io`. */
const CHANNEL = "([^/]+)(?:/channels/([^/]+))?/([^/]+)";
const CHANNEL_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** The session ids a scope may name: the URL's form, the friendly id and the external id. */
function sessionResources(urlKey: string, session: Session | undefined): Resource[] {
  const ids = new Set([urlKey, ...(session ? [session.friendlyId, ...(session.externalId ? [session.externalId] : [])] : [])]);
  return [...ids].map((id) => ({ type: "sessions", id }));
}

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

/** The session item of the sessions API. */
function sessionItem(session: Session) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: session.friendlyId,
    externalId: session.externalId,
    type: session.type,
    taskIdentifier: session.taskIdentifier,
    triggerConfig: session.triggerConfig,
    currentRunId: session.currentRunId,
    tags: session.tags,
    metadata: session.metadata,
    closedAt: iso(session.closedAt),
    closedReason: session.closedReason,
    expiresAt: iso(session.expiresAt),
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
  };
}

/** A live run for the session: the current one, or a new run of its task when that one has finished. */
function ensureRun(context: ServerContext, session: Session): string {
  const current = session.currentRunId ? context.runs.getByFriendlyId(session.currentRunId) : undefined;
  if (current && !isFinal(current)) return current.friendlyId;
  const config = session.triggerConfig;
  const payload = { ...config.basePayload, sessionId: session.friendlyId, ...(current ? { continuation: true, previousRunId: current.friendlyId } : {}) };
  const packet = serialize(payload);
  const options = { tags: config.tags, ttl: config.ttl, payloadType: packet.dataType };
  const { run } = insertRun(context, prepareRun(context, session.taskIdentifier, { payload: packet.data, options }));
  context.engine.sessions.update(session, { currentRunId: run.friendlyId });
  return run.friendlyId;
}

/** The `POST /api/v1/sessions` body, checked as Cloud's schema does. */
function createInput(body: Record<string, unknown>) {
  const { type, externalId, taskIdentifier, triggerConfig, tags, metadata, expiresAt } = body;
  const problems: string[] = [];
  if (typeof type !== "string" || type.length === 0 || type.length > 64) problems.push("type");
  if (externalId !== undefined && (typeof externalId !== "string" || externalId.trim() === "" || externalId.length > 256 || externalId.startsWith("session_"))) {
    problems.push("externalId");
  }
  if (typeof taskIdentifier !== "string" || taskIdentifier.length === 0 || taskIdentifier.length > 128) problems.push("taskIdentifier");
  const config = triggerConfig as { basePayload?: unknown } | undefined;
  if (!config || typeof config !== "object" || !config.basePayload || typeof config.basePayload !== "object" || Array.isArray(config.basePayload)) {
    problems.push("triggerConfig");
  }
  if (tags !== undefined && (!Array.isArray(tags) || tags.length > 10 || tags.some((tag) => typeof tag !== "string"))) problems.push("tags");
  if (metadata !== undefined && (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))) problems.push("metadata");
  const expiry = expiresAt === undefined ? null : new Date(expiresAt as string).getTime();
  if (expiry !== null && Number.isNaN(expiry)) problems.push("expiresAt");
  if (problems.length > 0) throw badRequest("Invalid request body", { issues: problems.map((field) => ({ path: [field] })) });
  return {
    type: type as string,
    externalId: typeof externalId === "string" ? externalId.trim() : null,
    taskIdentifier: taskIdentifier as string,
    triggerConfig: triggerConfig as Session["triggerConfig"],
    tags: (tags as string[] | undefined) ?? [],
    metadata: (metadata as Record<string, unknown> | undefined) ?? null,
    expiresAt: expiry,
  };
}

const isExpired = (session: Session) => session.expiresAt !== null && session.expiresAt < Date.now();

/** A session named in the URL that must exist (the sessions API, appends). */
function existingSession(context: ServerContext, urlKey: string): Session {
  const session = context.engine.sessions.find(urlKey);
  if (!session) throw notFound();
  return session;
}

export const sessionRoutes = [
  /**
   * `POST /api/v1/sessions`: creates the session (idempotent on `externalId`) and triggers its
   * first run with `{ ...triggerConfig.basePayload, sessionId }`. Answers the session item with
   * `runId`, `isCached` and a token with `read:sessions:<key>` and `write:sessions:<key>` (1 h);
   * 201 when created, 200 when it existed.
   */
  route("POST", /^\/api\/v1\/sessions$/, "session", async (context, { request, response }) => {
    const principal = await context.auth.authenticate(request);
    const input = createInput(await readJson(request, CREATE_LIMIT));
    authorize(principal, "write", [{ type: "tasks", id: input.taskIdentifier }, { type: "sessions" }]);
    if (!context.engine.hasTask(input.taskIdentifier)) throw new HttpError(422, { error: `Task ${input.taskIdentifier} not found` });
    const { session, isCached } = context.engine.sessions.findOrCreate(input);
    if (session.closedAt !== null) throw new HttpError(409, { error: "Session is closed; use a different externalId to create a new session" });
    if (isExpired(session)) throw new HttpError(409, { error: "Session is expired; use a different externalId to create a new session" });
    const runId = ensureRun(context, session);
    const key = addressingKey(session, session.friendlyId);
    const publicAccessToken = await context.auth.sign({ scopes: [`read:sessions:${key}`, `write:sessions:${key}`] }, "1h");
    sendJson(response, isCached ? 200 : 201, { ...sessionItem(session), runId, publicAccessToken, isCached });
  }),

  route("GET", new RegExp(`^/api/v1/sessions/${SESSION}$`), "session", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const urlKey = decodeURIComponent(params[0]!);
    const session = existingSession(context, urlKey);
    authorize(principal, "read", sessionResources(session.friendlyId, session));
    sendJson(response, 200, sessionItem(session));
  }),

  /** `sessions.close()`: one-way; later appends get 400 and a create with the same external id 409. */
  route("POST", new RegExp(`^/api/v1/sessions/${SESSION}/close$`), "session", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const urlKey = decodeURIComponent(params[0]!);
    authorize(principal, "write", [{ type: "sessions", id: urlKey }]);
    const session = existingSession(context, urlKey);
    const body = await readBody(request, CREATE_LIMIT);
    let reason: unknown;
    try {
      reason = body.length > 0 ? (JSON.parse(body.toString("utf8")) as { reason?: unknown }).reason : undefined;
    } catch {
      throw badRequest("Invalid JSON");
    }
    if (session.closedAt === null) context.engine.sessions.update(session, { closedAt: Date.now(), closedReason: typeof reason === "string" ? reason : null });
    sendJson(response, 200, sessionItem(session));
  }),

  /**
   * `PUT /realtime/v1/sessions/:session/:io` hands the task's writer S2 credentials in Cloud.
   * This server has no S2, so it answers as Cloud does without that backend; tasks here write
   * `out` through `ctx.session(id).out`, and the secret key through the `append` route.
   */
  route("PUT", new RegExp(`^/realtime/v1/sessions/${CHANNEL}$`), "session", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const { urlKey, io } = channelTarget(context, params);
    authorize(principal, "write", [{ type: "sessions", id: urlKey }]);
    if (io === "out" && principal.kind !== "secret") return sendText(response, 403, "Initializing the out channel requires secret key authentication");
    sendText(response, 501, "Session channels require the S2 realtime backend");
  }),

  /** `HEAD`: resume is by `Last-Event-ID`, so the index is always 0, as Cloud answers. */
  route("HEAD", new RegExp(`^/realtime/v1/sessions/${CHANNEL}$`), "session", async (context, { request, response, params }) => {
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
  route("GET", new RegExp(`^/realtime/v1/sessions/${CHANNEL}$`), "session-stream", async (context, { request, response, params }) => {
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
  route("GET", new RegExp(`^/realtime/v1/sessions/${CHANNEL}/records$`), "session", async (context, { request, response, params, url }) => {
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
  route("POST", new RegExp(`^/realtime/v1/sessions/${CHANNEL}/append$`), "session", async (context, { request, response, params }) => {
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
    const record = context.engine.sessions.appendData(key, io, body.toString("utf8"), typeof partId === "string" ? partId : undefined);
    sendJson(response, 200, { ok: true, seq: record?.seq_num });
  }),
];
