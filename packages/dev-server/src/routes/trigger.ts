import type { IncomingMessage } from "node:http";
import { authorize, hashToken, type Principal } from "../auth.js";
import { badRequest, HttpError, readBody, readJson, sendJson } from "../http.js";
import type { Packet, Run } from "../model.js";
import { parseDuration } from "../shapes/duration.js";
import { route, type ServerContext } from "../context.js";

const TRIGGER_LIMIT = 3 * 1024 * 1024;
const BATCH_V2_LIMIT = 1_000_000;
const BATCH_V3_LIMIT = 128 * 1024;

interface TriggerInput {
  payload?: unknown;
  options?: Record<string, unknown>;
}

/** One-time trigger tokens: the hash of every token already used. */
const usedOneTimeTokens = new WeakMap<ServerContext, Set<string>>();

function checkOneTimeUse(context: ServerContext, principal: Principal, taskId: string): void {
  if (principal.kind !== "public" || principal.claims.otu !== true) return;
  let used = usedOneTimeTokens.get(context);
  if (!used) usedOneTimeTokens.set(context, (used = new Set()));
  const hash = hashToken(principal.token);
  if (used.has(hash)) throw new HttpError(422, { error: `Cannot trigger ${taskId} with a one-time use token as it has already been used.` });
  used.add(hash);
}

/** Creates (or, with a known idempotency key, finds) a run for a trigger body. */
export function createRun(context: ServerContext, taskId: string, input: TriggerInput, batchId?: string): { run: Run; isCached: boolean } {
  if (!context.engine.hasTask(taskId)) throw new HttpError(404, { error: "Task not found" });
  const options = input.options ?? {};
  const idempotencyKey = typeof options.idempotencyKey === "string" ? options.idempotencyKey : undefined;
  if (idempotencyKey) {
    const cached = context.runs.findByIdempotencyKey(taskId, idempotencyKey);
    if (cached) return { run: cached, isCached: true };
  }
  const payloadType = typeof options.payloadType === "string" ? options.payloadType : "application/json";
  const payload: Packet = {
    data: input.payload === undefined ? undefined : typeof input.payload === "string" ? input.payload : JSON.stringify(input.payload),
    dataType: payloadType,
  };
  if (payloadType === "application/store" && !payload.data) throw new HttpError(422, { error: "An application/store payload needs a packet path" });
  const tags = options.tags === undefined ? [] : Array.isArray(options.tags) ? options.tags : [options.tags];
  if (!tags.every((tag): tag is string => typeof tag === "string" && tag.length > 0 && tag.length <= 128)) throw new HttpError(422, { error: "Tags must be non-empty strings" });
  if (tags.length > 10) throw new HttpError(422, { error: "A run can have at most 10 tags" });
  const metadata = parseMetadata(options.metadata, options.metadataType);
  const delay = typeof options.delay === "string" ? parseDuration(options.delay) : undefined;
  const run = context.runs.create({
    taskIdentifier: taskId,
    payload,
    tags,
    metadata,
    batchId,
    idempotencyKey,
    ttl: typeof options.ttl === "string" ? options.ttl : undefined,
    delayUntil: delay ? Date.now() + delay : undefined,
  });
  context.runs.update(run.id, (current) => {
    current.payload = context.packets.offload(current.payload, `${current.friendlyId}/payload`);
  });
  context.engine.execute(run);
  return { run, isCached: false };
}

function parseMetadata(metadata: unknown, type: unknown): Record<string, unknown> | undefined {
  if (metadata === undefined || metadata === null) return undefined;
  const value = typeof metadata === "string" && type !== "text/plain" ? safeJson(metadata) : metadata;
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new HttpError(422, { error: "Metadata must be an object" });
  if (Buffer.byteLength(JSON.stringify(value)) > 256 * 1024) throw new HttpError(413, { error: "Metadata exceeds 256 KiB" });
  return value as Record<string, unknown>;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(422, { error: "Metadata is not valid JSON" });
  }
}

/** The public token a trigger answer carries: read the run, for an hour. */
async function runToken(context: ServerContext, principal: Principal, runId: string) {
  const realtime = principal.kind === "public" ? principal.claims.realtime : undefined;
  const scopes = [`read:runs:${runId}`, `write:inputStreams:${runId}`];
  const token = await context.auth.sign({ scopes, realtime }, "1h");
  return { token, claims: { sub: context.auth.environmentId, pub: true, scopes, ...(realtime ? { realtime } : {}) } };
}

const isBrowser = (request: IncomingMessage) => request.headers["x-trigger-client"] === "browser";

export const triggerRoutes = [
  route("POST", /^\/api\/v1\/tasks\/([^/]+)\/trigger$/, "trigger", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const taskId = decodeURIComponent(params[0]!);
    const body = (await readJson(request, TRIGGER_LIMIT)) as TriggerInput;
    if (body.options !== undefined && (typeof body.options !== "object" || body.options === null)) throw badRequest("options must be an object");
    authorize(principal, "trigger", [{ type: "tasks", id: taskId }]);
    checkOneTimeUse(context, principal, taskId);
    const { run, isCached } = createRun(context, taskId, body);
    const { token, claims } = await runToken(context, principal, run.friendlyId);
    sendJson(response, 200, { id: run.friendlyId, isCached }, { "x-trigger-jwt": token, "x-trigger-jwt-claims": JSON.stringify(claims) });
  }),

  // Legacy one-shot batch: every item at once.
  route("POST", /^\/api\/v2\/tasks\/batch$/, "trigger", async (context, { request, response }) => {
    const principal = await context.auth.authenticate(request);
    const body = await readJson(request, BATCH_V2_LIMIT);
    const items = body.items;
    if (!Array.isArray(items) || items.length === 0) throw badRequest("items must be a non-empty array");
    if (items.length > 500) throw badRequest("A batch can have at most 500 items");
    const tasks = items.map((item) => (item && typeof item === "object" ? (item as { task?: unknown }).task : undefined));
    if (!tasks.every((task): task is string => typeof task === "string")) throw badRequest("Every item needs a task");
    for (const task of new Set(tasks)) authorize(principal, "batchTrigger", [{ type: "tasks", id: task }]);
    for (const task of new Set(tasks)) if (!context.engine.hasTask(task)) throw new HttpError(404, { error: "Task not found" });
    const batch = context.runs.createBatch(items.length);
    const runs = items.map((item, index) => createRun(context, tasks[index]!, item as TriggerInput, batch.id).run.friendlyId);
    const token = await context.auth.sign({ scopes: [`read:batch:${batch.friendlyId}`] }, "1h");
    sendJson(response, 202, { id: batch.friendlyId, runCount: runs.length, runs }, { "x-trigger-jwt": token });
  }),

  // Two-phase batch (SDK 4.3+): create, then stream the items as NDJSON.
  route("POST", /^\/api\/v3\/batches$/, "trigger", async (context, { request, response }) => {
    const principal = await context.auth.authenticate(request);
    const body = await readJson(request, BATCH_V3_LIMIT);
    const runCount = body.runCount;
    if (typeof runCount !== "number" || !Number.isInteger(runCount) || runCount < 1 || runCount > 1000) throw badRequest("runCount must be 1 to 1000");
    const taskIds = Array.isArray(body.taskIdentifiers) ? body.taskIdentifiers.filter((id): id is string => typeof id === "string") : [];
    if (principal.kind === "public") {
      const resources = taskIds.length > 0 ? taskIds : [undefined];
      for (const id of resources) authorize(principal, "batchTrigger", [{ type: "tasks", id }, { type: "tasks" }, { type: "batch" }]);
    }
    const batch = context.runs.createBatch(runCount);
    const scopes = [`read:batch:${batch.friendlyId}`];
    if (isBrowser(request) && principal.kind === "public") scopes.push(`write:batch:${batch.friendlyId}`);
    const token = await context.auth.sign({ scopes }, "1h");
    sendJson(response, 202, { id: batch.friendlyId, runCount, isCached: false }, { "x-trigger-jwt": token, "x-trigger-jwt-claims": JSON.stringify({ sub: context.auth.environmentId, pub: true, scopes }) });
  }),

  route("POST", /^\/api\/v3\/batches\/([^/]+)\/items$/, "trigger", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const batch = context.runs.getBatch(params[0]!);
    if (!batch) throw new HttpError(404, { error: "Batch not found" });
    if (!String(request.headers["content-type"] ?? "").includes("application/x-ndjson")) throw new HttpError(415, { error: "Content-Type must be application/x-ndjson" });
    const lines = (await readBody(request, TRIGGER_LIMIT * 10)).toString("utf8").split("\n").filter((line) => line.trim() !== "");
    let accepted = 0;
    for (const line of lines) {
      let item: { index?: number; task?: string; payload?: unknown; options?: Record<string, unknown> };
      try {
        item = JSON.parse(line);
      } catch {
        throw badRequest("Invalid JSON");
      }
      if (typeof item.task !== "string") throw badRequest("Every item needs a task");
      authorize(principal, "batchTrigger", [{ type: "tasks", id: item.task }, { type: "batch", id: batch.friendlyId }, { type: "tasks" }]);
      createRun(context, item.task, item, batch.id);
      accepted++;
    }
    sendJson(response, 200, { id: batch.friendlyId, itemsAccepted: accepted, itemsDeduplicated: 0, sealed: batch.runIds.length >= batch.expectedCount, enqueuedCount: batch.runIds.length, expectedCount: batch.expectedCount });
  }),
];
