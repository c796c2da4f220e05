import type { IncomingMessage } from "node:http";
import { authorize, can, forbidden, type Principal } from "../auth.js";
import { browserRoute, type ServerContext } from "../context.js";
import { badRequest, headerJson, HttpError, readBody, sendJson } from "../http.js";
import { parseJson, readJson } from "../json.js";
import { cachedRequest, requestIdempotencyKey, saveRequest } from "../request-idempotency.js";
import { streamsVersionOf } from "../streams.js";
import { insertRun, prepareRun, useOneTimeToken, type PreparedRun, type TriggerInput } from "../triggering.js";

const TRIGGER_LIMIT = 3 * 1024 * 1024;
const BATCH_V2_LIMIT = 1_000_000;
const BATCH_V2_MAX_ITEMS = 500;
const BATCH_V3_LIMIT = 128 * 1024;
const BATCH_V3_MAX_RUNS = 1000;
const BATCH_ITEMS_LIMIT = 64 * 1024 * 1024;

/** A server-minted public token and its claims, as the `x-trigger-jwt*` headers carry them. */
async function tokenHeaders(context: ServerContext, scopes: string[], realtime?: unknown): Promise<Record<string, string>> {
  const token = await context.auth.sign({ scopes, realtime }, "1h");
  const claims = { sub: context.auth.environmentId, pub: true, scopes, ...(realtime ? { realtime } : {}) };
  return { "x-trigger-jwt": token, "x-trigger-jwt-claims": headerJson(claims) };
}

/** A trigger made with a public token passes its `realtime` claim on to the run's token. */
const realtimeClaim = (principal: Principal) => (principal.kind === "public" ? principal.claims.realtime : undefined);

/** The stream version a trigger asks for; none means the server default (v1, as the webapp's). */
const requestedStreamsVersion = (context: ServerContext, request: IncomingMessage) =>
  streamsVersionOf(request.headers["x-trigger-realtime-streams-version"], context.streamsDefaultVersion);

const isBrowser = (request: IncomingMessage) => request.headers["x-trigger-client"] === "browser";

/** Two items of one batch cannot both use the same uploaded packet: it serves one run. */
function checkDistinctPackets(prepared: PreparedRun[]): void {
  const paths = prepared.filter((item) => item.payload.dataType === "application/store").map((item) => item.payload.data);
  if (new Set(paths).size !== paths.length) throw new HttpError(422, { error: "Two items name the same application/store packet" });
}

export const triggerRoutes = [
  browserRoute("POST", /^\/api\/v1\/tasks\/([^/]+)\/trigger$/, "trigger", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const taskId = decodeURIComponent(params[0]!);
    const body = (await readJson(request, TRIGGER_LIMIT)) as TriggerInput;
    authorize(principal, "trigger", [{ type: "tasks", id: taskId }]);
    const runTokenHeaders = (runId: string) => tokenHeaders(context, [`read:runs:${runId}`, `write:inputStreams:${runId}`], realtimeClaim(principal));
    // A retry of a call whose first attempt got through: the same run, as Cloud answers it.
    const requestKey = requestIdempotencyKey(context, request, [taskId]);
    const earlier = cachedRequest(context, requestKey);
    if (earlier) return sendJson(response, 200, { id: earlier, isCached: false }, await runTokenHeaders(earlier));
    const prepared = prepareRun(context, principal, taskId, body);
    // The `idempotency-key` header wins over the body's option, as on Cloud.
    const headerKey = request.headers["idempotency-key"];
    if (typeof headerKey === "string" && headerKey !== "") prepared.idempotencyKey = headerKey;
    useOneTimeToken(context, principal, `Cannot trigger ${taskId} with a one-time use token as it has already been used.`);
    const { run, isCached } = insertRun(context, { ...prepared, realtimeStreamsVersion: requestedStreamsVersion(context, request) });
    saveRequest(context, requestKey, run.friendlyId);
    sendJson(response, 200, { id: run.friendlyId, isCached }, await runTokenHeaders(run.friendlyId));
  }),

  // Legacy one-shot batch: every item in one body, all checked before any run is created.
  browserRoute("POST", /^\/api\/v2\/tasks\/batch$/, "trigger", async (context, { request, response }) => {
    const principal = await context.auth.authenticate(request);
    const body = await readJson(request, BATCH_V2_LIMIT);
    const items = body.items;
    if (!Array.isArray(items) || items.length === 0) throw badRequest("items must be a non-empty array");
    if (items.length > BATCH_V2_MAX_ITEMS) throw badRequest(`A batch can have at most ${BATCH_V2_MAX_ITEMS} items`);
    const tasks = items.map((item) => (item && typeof item === "object" ? (item as { task?: unknown }).task : undefined));
    if (!tasks.every((task): task is string => typeof task === "string")) throw badRequest("Every item needs a task");
    for (const task of new Set(tasks)) authorize(principal, "batchTrigger", [{ type: "tasks", id: task }]);
    const prepared = items.map((item, index) => prepareRun(context, principal, tasks[index]!, item as TriggerInput));
    checkDistinctPackets(prepared);
    useOneTimeToken(context, principal, "Cannot batch trigger with a one-time use token as it has already been used.");
    const { batch } = context.runs.createBatch(items.length, undefined, requestedStreamsVersion(context, request));
    for (const item of prepared) insertRun(context, item, batch.id);
    // Cloud names no runs here: clients learn them from the batch feed.
    const answer = { id: batch.friendlyId, isCached: false, runCount: prepared.length };
    sendJson(response, 202, answer, await tokenHeaders(context, [`read:batch:${batch.friendlyId}`]));
  }),

  // Two-phase batch (SDK 4.3+), phase 1: create the batch.
  browserRoute("POST", /^\/api\/v3\/batches$/, "trigger", async (context, { request, response }) => {
    const principal = await context.auth.authenticate(request);
    const body = await readJson(request, BATCH_V3_LIMIT);
    const runCount = body.runCount;
    if (typeof runCount !== "number" || !Number.isInteger(runCount)) throw badRequest("runCount must be an integer");
    if (runCount <= 0) throw badRequest("runCount must be a positive integer");
    if (runCount > BATCH_V3_MAX_RUNS) throw badRequest(`Batch runCount of ${runCount} exceeds maximum allowed of ${BATCH_V3_MAX_RUNS}.`);
    if (body.taskIdentifiers !== undefined && !(Array.isArray(body.taskIdentifiers) && body.taskIdentifiers.every((id) => typeof id === "string"))) {
      throw badRequest("taskIdentifiers must be an array of strings");
    }
    const taskIds = (body.taskIdentifiers as string[] | undefined) ?? [];
    for (const id of taskIds.length > 0 ? taskIds : [undefined]) authorize(principal, "batchTrigger", [{ type: "tasks", id }, { type: "tasks" }, { type: "batch" }]);
    const idempotencyKey = typeof body.idempotencyKey === "string" && body.idempotencyKey !== "" ? body.idempotencyKey : undefined;
    // A batch already created with this key is answered again, as Trigger.dev's request idempotency does.
    if (!(idempotencyKey && context.runs.findBatchByIdempotencyKey(idempotencyKey))) {
      useOneTimeToken(context, principal, "Cannot create batch with a one-time use token as it has already been used.");
    }
    const { batch, isCached } = context.runs.createBatch(runCount, idempotencyKey, requestedStreamsVersion(context, request));
    const scopes = [`read:batch:${batch.friendlyId}`];
    // A browser gets to send this batch's items only if it may batch-trigger every task, as
    // Trigger.dev delegates: a token limited to some tasks sends items it may trigger itself.
    if (isBrowser(request) && can(principal, "batchTrigger", [{ type: "tasks" }])) scopes.push(`write:batch:${batch.friendlyId}`);
    // A batch found by its idempotency key is answered 200 with `isCached: true`, as Cloud does.
    if (isCached) return sendJson(response, 200, { id: batch.friendlyId, runCount: batch.expectedCount, isCached }, await tokenHeaders(context, scopes));
    const answer = { id: batch.friendlyId, runCount: batch.expectedCount, isCached, ...(idempotencyKey ? { idempotencyKey } : {}) };
    sendJson(response, 202, answer, await tokenHeaders(context, scopes));
  }),

  // Phase 2: the items as NDJSON `{index, task, payload?, options?}` lines, idempotent by index.
  browserRoute("POST", /^\/api\/v3\/batches\/([^/]+)\/items$/, "trigger", async (context, { request, response, params }) => {
    const contentType = String(request.headers["content-type"] ?? "");
    if (!contentType.includes("application/x-ndjson") && !contentType.includes("application/ndjson")) {
      throw new HttpError(415, { error: "Content-Type must be application/x-ndjson or application/ndjson" });
    }
    const principal = await context.auth.authenticate(request);
    const lines = (await readBody(request, BATCH_ITEMS_LIMIT)).toString("utf8").split("\n").filter((line) => line.trim() !== "");
    const items = lines.map((line) => parseJson(line) as ({ index?: unknown; task?: unknown } & TriggerInput) | null);
    // As Trigger.dev: a token without `write:batch:<id>` is checked item by item, and must bring
    // at least one item, before anything about the batch (even whether it exists) is told.
    if (!can(principal, "write", [{ type: "batch", id: params[0]! }])) {
      if (items.length === 0) throw forbidden();
      for (const item of items) authorize(principal, "batchTrigger", [{ type: "tasks", id: typeof item?.task === "string" ? item.task : undefined }]);
    }
    const batch = context.runs.getBatchByFriendlyId(params[0]!);
    // Cloud's items route answers its service's validation errors with 422.
    if (!batch) throw new HttpError(422, { error: `Batch ${params[0]} not found` });
    let accepted = 0;
    let deduplicated = 0;
    for (const item of items) {
      if (!item || typeof item !== "object" || typeof item.task !== "string") throw badRequest("Every item needs a task");
      const index = item.index;
      if (typeof index !== "number" || !Number.isInteger(index) || index < 0) throw badRequest("Every item needs a non-negative integer index");
      if (index >= batch.expectedCount) throw new HttpError(422, { error: `Item index ${index} exceeds batch runCount ${batch.expectedCount}` });
      // The SDK resends the whole stream after a failed request: an index already seen is skipped.
      if (batch.itemIndexes.has(index)) {
        deduplicated++;
        continue;
      }
      insertRun(context, prepareRun(context, principal, item.task, item), batch.id);
      batch.itemIndexes.add(index);
      accepted++;
    }
    const enqueued = batch.itemIndexes.size;
    sendJson(response, 200, {
      id: batch.friendlyId,
      itemsAccepted: accepted,
      itemsDeduplicated: deduplicated,
      sealed: enqueued >= batch.expectedCount,
      enqueuedCount: enqueued,
      expectedCount: batch.expectedCount,
    });
  }),
];
