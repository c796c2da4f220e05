import { authorize } from "../auth.js";
import { browserRoute, type ServerContext } from "../context.js";
import { badRequest, HttpError, notFound, readBody, sendJson } from "../http.js";
import { parseJson, readJson } from "../json.js";
import { ensureRun, isExpired, sessionResources } from "../session-rules.js";
import { addressingKey, type Session } from "../sessions.js";

const CREATE_LIMIT = 32 * 1024;
const SESSION = "([^/]+)";

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
  browserRoute("POST", /^\/api\/v1\/sessions$/, "session", async (context, { request, response }) => {
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

  browserRoute("GET", new RegExp(`^/api/v1/sessions/${SESSION}$`), "session", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const urlKey = decodeURIComponent(params[0]!);
    const session = existingSession(context, urlKey);
    authorize(principal, "read", sessionResources(session.friendlyId, session));
    sendJson(response, 200, sessionItem(session));
  }),

  /** `sessions.close()`: one-way; later appends get 400 and a create with the same external id 409. */
  browserRoute("POST", new RegExp(`^/api/v1/sessions/${SESSION}/close$`), "session", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const urlKey = decodeURIComponent(params[0]!);
    authorize(principal, "write", [{ type: "sessions", id: urlKey }]);
    const session = existingSession(context, urlKey);
    const body = await readBody(request, CREATE_LIMIT);
    const reason = body.length > 0 ? (parseJson(body.toString("utf8")) as { reason?: unknown } | null)?.reason : undefined;
    if (session.closedAt === null) context.engine.sessions.update(session, { closedAt: Date.now(), closedReason: typeof reason === "string" ? reason : null });
    sendJson(response, 200, sessionItem(session));
  }),
];
