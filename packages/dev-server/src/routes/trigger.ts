import type { IncomingMessage } from "node:http";
import { authorize, type Principal } from "../auth.js";
import { route, type ServerContext } from "../context.js";
import { badRequest, headerJson, HttpError, readBody, readJson, sendJson } from "../http.js";
import { checkOneTimeUse, consumeOneTimeUse, insertRun, prepareRun, type TriggerInput } from "../triggering.js";

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

const isBrowser = (request: IncomingMessage) => request.headers["x-trigger-client"] === "browser";

export const triggerRoutes = [
  route("POST", /^\/api\/v1\/tasks\/([^/]+)\/trigger$/, "trigger", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const taskId = decodeURIComponent(params[0]!);
    const body = (await readJson(request, TRIGGER_LIMIT)) as TriggerInput;
    authorize(principal, "trigger", [{ type: "tasks", id: taskId }]);
    checkOneTimeUse(context, principal, taskId);
    const { run, isCached } = insertRun(context, prepareRun(context, taskId, body));
    consumeOneTimeUse(context, principal);
    const headers = await tokenHeaders(context, [`read:runs:${run.friendlyId}`, `write:inputStreams:${run.friendlyId}`], realtimeClaim(principal));
    sendJson(response, 200, { id: run.friendlyId, isCached }, headers);
  }),

  // Legacy one-shot batch: every item in one body, all checked before any run is created.
  route("POST", /^\/api\/v2\/tasks\/batch$/, "trigger", async (context, { request, response }) => {
    const principal = await context.auth.authenticate(request);
    const body = await readJson(request, BATCH_V2_LIMIT);
    const items = body.items;
    if (!Array.isArray(items) || items.length === 0) throw badRequest("items must be a non-empty array");
    if (items.length > BATCH_V2_MAX_ITEMS) throw badRequest(`A batch can have at most ${BATCH_V2_MAX_ITEMS} items`);
    const tasks = items.map((item) => (item && typeof item === "object" ? (item as { task?: unknown }).task : undefined));
    if (!tasks.every((task): task is string => typeof task === "string")) throw badRequest("Every item needs a task");
    for (const task of new Set(tasks)) authorize(principal, "batchTrigger", [{ type: "tasks", id: task }]);
    const prepared = items.map((item, index) => prepareRun(context, tasks[index]!, item as TriggerInput));
    const { batch } = context.runs.createBatch(items.length);
    for (const item of prepared) insertRun(context, item, batch.id);
    // Cloud names no runs here: clients learn them from the batch feed.
    const answer = { id: batch.friendlyId, isCached: false, runCount: prepared.length };
    sendJson(response, 202, answer, await tokenHeaders(context, [`read:batch:${batch.friendlyId}`]));
  }),

  // Two-phase batch (SDK 4.3+), phase 1: create the batch.
  route("POST", /^\/api\/v3\/batches$/, "trigger", async (context, { request, response }) => {
    const principal = await context.auth.authenticate(request);
    const body = await readJson(request, BATCH_V3_LIMIT);
    const runCount = body.runCount;
    if (typeof runCount !== "number" || !Number.isInteger(runCount) || runCount < 1 || runCount > BATCH_V3_MAX_RUNS) {
      throw badRequest(`runCount must be an integer from 1 to ${BATCH_V3_MAX_RUNS}`);
    }
    if (body.taskIdentifiers !== undefined && !(Array.isArray(body.taskIdentifiers) && body.taskIdentifiers.every((id) => typeof id === "string"))) {
      throw badRequest("taskIdentifiers must be an array of strings");
    }
    const taskIds = (body.taskIdentifiers as string[] | undefined) ?? [];
    for (const id of taskIds.length > 0 ? taskIds : [undefined]) authorize(principal, "batchTrigger", [{ type: "tasks", id }, { type: "tasks" }, { type: "batch" }]);
    const idempotencyKey = typeof body.idempotencyKey === "string" && body.idempotencyKey !== "" ? body.idempotencyKey : undefined;
    const { batch, isCached } = context.runs.createBatch(runCount, idempotencyKey);
    const scopes = [`read:batch:${batch.friendlyId}`];
    // A browser holding a batch-trigger token also gets to send this batch's items.
    if (isBrowser(request) && principal.kind === "public") scopes.push(`write:batch:${batch.friendlyId}`);
    const answer = { id: batch.friendlyId, runCount: batch.expectedCount, isCached, ...(idempotencyKey ? { idempotencyKey } : {}) };
    sendJson(response, 202, answer, await tokenHeaders(context, scopes));
  }),

  // Phase 2: the items as NDJSON `{index, task, payload?, options?}` lines, idempotent by index.
  route("POST", /^\/api\/v3\/batches\/([^/]+)\/items$/, "trigger", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const batch = context.runs.getBatchByFriendlyId(params[0]!);
    if (!batch) throw new HttpError(404, { error: "Batch not found" });
    if (!String(request.headers["content-type"] ?? "").includes("application/x-ndjson")) throw new HttpError(415, { error: "Content-Type must be application/x-ndjson" });
    const lines = (await readBody(request, BATCH_ITEMS_LIMIT)).toString("utf8").split("\n").filter((line) => line.trim() !== "");
    let accepted = 0;
    let deduplicated = 0;
    for (const line of lines) {
      let item: { index?: unknown; task?: unknown } & TriggerInput;
      try {
        item = JSON.parse(line);
      } catch {
        throw badRequest("Invalid JSON");
      }
      if (!item || typeof item !== "object" || typeof item.task !== "string") throw badRequest("Every item needs a task");
      const index = item.index;
      if (typeof index !== "number" || !Number.isInteger(index) || index < 0) throw badRequest("Every item needs a non-negative integer index");
      if (index >= batch.expectedCount) throw badRequest(`Item index ${index} is beyond the batch's ${batch.expectedCount} runs`);
      authorize(principal, "batchTrigger", [{ type: "tasks", id: item.task }, { type: "batch", id: batch.friendlyId }, { type: "tasks" }]);
      // The SDK resends the whole stream after a failed request: an index already seen is skipped.
      if (batch.itemIndexes.has(index)) {
        deduplicated++;
        continue;
      }
      insertRun(context, prepareRun(context, item.task, item), batch.id);
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
