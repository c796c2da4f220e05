import { authorize, type Resource } from "../auth.js";
import { badRequest, notFound } from "../http.js";
import type { Run } from "../model.js";
import { selectColumns } from "../shapes/columns.js";
import { parseDuration } from "../shapes/duration.js";
import { parseShapeParams, serveShape, type ShapeServer } from "../shapes/shape-route.js";
import { browserRoute, type ServerContext } from "../context.js";
import type { Principal } from "../auth.js";

const MAX_CREATED_AT_MS = 24 * 60 * 60 * 1000;
const CREATED_AT_BUCKET_MS = 60_000;

/** The resources a scope may name to cover this run: the run, its task, each of its tags, its batch. */
export function runResources(context: ServerContext, run: Run): Resource[] {
  const resources: Resource[] = [
    { type: "runs", id: run.friendlyId },
    { type: "tasks", id: run.taskIdentifier },
    ...run.tags.map((tag) => ({ type: "tags", id: tag })),
  ];
  const batch = run.batchId ? context.runs.getBatch(run.batchId) : undefined;
  if (batch) resources.push({ type: "batch", id: batch.friendlyId });
  return resources;
}

/** `skipColumns` from the token's `realtime` claim when present, else from the query. */
function columnsFor(principal: Principal, url: URL): string[] {
  const claim = principal.kind === "public" ? (principal.claims.realtime as { skipColumns?: unknown } | undefined)?.skipColumns : undefined;
  if (Array.isArray(claim)) return selectColumns(claim.filter((name): name is string => typeof name === "string"));
  return selectColumns(url.searchParams.get("skipColumns")?.split(","));
}

const shapeServer = (context: ServerContext): ShapeServer => ({
  runs: context.runs,
  handles: context.handles,
  log: context.log,
  deadlines: context.deadlines,
  liveHoldMs: context.liveHoldMs,
  live: context.live,
  onHold: context.onHold,
});

/**
 * The three shape feeds. Order of checks as Trigger.dev's loaders: authenticate (401), query
 * (400), find the run or batch (404, before scopes), then scopes (403).
 */
export const realtimeRoutes = [
  browserRoute("GET", /^\/realtime\/v1\/runs\/([^/]+)$/, "shape", async (context, { request, response, url, params }) => {
    const principal = await context.auth.authenticate(request);
    const shapeParams = parseShapeParams(url, request);
    const run = context.runs.getByFriendlyId(params[0]!);
    if (!run) throw notFound("Not found", { "x-should-retry": "false" });
    authorize(principal, "read", runResources(context, run));
    await serveShape(shapeServer(context), { response, params: shapeParams, target: { kind: "run", runId: run.id }, columns: columnsFor(principal, url) });
  }),

  browserRoute("GET", /^\/realtime\/v1\/runs$/, "shape", async (context, { request, response, url }) => {
    const principal = await context.auth.authenticate(request);
    const shapeParams = parseShapeParams(url, request);
    // No `tags`: every run of the environment, for a token that may read all runs (Cloud's where clause is then the environment alone).
    const tagsParam = url.searchParams.get("tags");
    const tags = tagsParam === null || tagsParam === "" ? [] : [...new Set(tagsParam.split(",").map((tag) => tag.trim()))];
    const invalid = tags.filter((tag) => tag === "" || /[\u0000-\u001f\u007f\\"]/.test(tag));
    if (invalid.length > 0) {
      throw badRequest("Query Error", { details: [{ path: ["tags"], message: "Each tag must be non-empty and free of control characters, \\ and \"" }] });
    }
    authorize(principal, "read", [{ type: "runs" }, { type: "tags" }, ...tags.map((tag) => ({ type: "tags", id: tag }))]);
    // Unreadable or missing: the maximum age. Longer windows are clamped to it.
    const window = Math.min(parseDuration(url.searchParams.get("createdAt") ?? "") ?? MAX_CREATED_AT_MS, MAX_CREATED_AT_MS);
    const floor = Date.now() - window;
    await serveShape(shapeServer(context), {
      response,
      params: shapeParams,
      target: { kind: "tags", tags },
      columns: columnsFor(principal, url),
      // The native backend floors it to the minute so feeds of the same tag share a cache entry.
      createdAfter: context.handles.backend === "native" ? Math.floor(floor / CREATED_AT_BUCKET_MS) * CREATED_AT_BUCKET_MS : floor,
    });
  }),

  browserRoute("GET", /^\/realtime\/v1\/batches\/([^/]+)$/, "shape", async (context, { request, response, url, params }) => {
    const principal = await context.auth.authenticate(request);
    const shapeParams = parseShapeParams(url, request);
    const batch = context.runs.getBatch(params[0]!);
    if (!batch || batch.friendlyId !== params[0]) throw notFound("Not found", { "x-should-retry": "true" });
    authorize(principal, "read", [{ type: "batch", id: batch.friendlyId }, { type: "runs" }]);
    await serveShape(shapeServer(context), { response, params: shapeParams, target: { kind: "batch", batchId: batch.id }, columns: columnsFor(principal, url) });
  }),
];
