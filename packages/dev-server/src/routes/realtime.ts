import { authorize, type Resource } from "../auth.js";
import { badRequest, notFound } from "../http.js";
import type { Run } from "../model.js";
import { selectColumns } from "../shapes/columns.js";
import { parseDuration } from "../shapes/duration.js";
import { serveShape } from "../shapes/shape-route.js";
import { route, type ServerContext } from "../context.js";
import type { Principal } from "../auth.js";

const MAX_CREATED_AT_MS = 24 * 60 * 60 * 1000;

/** The resources whose `read` scope lets a token see this run. */
export function runReadResources(context: ServerContext, run: Run): Resource[] {
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

const shapeServer = (context: ServerContext) => ({ runs: context.runs, handles: context.handles, live: context.live, onHold: context.onHold });

export const realtimeRoutes = [
  route("GET", /^\/realtime\/v1\/runs\/([^/]+)$/, "shape", async (context, { request, response, url, params }) => {
    const principal = await context.auth.authenticate(request);
    const run = context.runs.get(params[0]!);
    if (!run || run.friendlyId !== params[0]) {
      response.setHeader("x-should-retry", "false");
      throw notFound();
    }
    authorize(principal, "read", runReadResources(context, run));
    const columns = columnsFor(principal, url);
    await serveShape(shapeServer(context), {
      request,
      response,
      url,
      create: () => context.handles.create({ kind: "run", runId: run.id }, columns),
    });
  }),

  route("GET", /^\/realtime\/v1\/runs$/, "shape", async (context, { request, response, url }) => {
    const principal = await context.auth.authenticate(request);
    const tags = (url.searchParams.get("tags") ?? "").split(",").map((tag) => tag.trim());
    const invalid = tags.filter((tag) => tag === "" || /[\u0000-\u001f\u007f\\"]/.test(tag));
    if (tags.length === 0 || invalid.length > 0) {
      throw badRequest("Query Error", { details: [{ path: ["tags"], message: "Each tag must be non-empty and free of control characters, \\ and \"" }] });
    }
    authorize(principal, "read", [{ type: "runs" }, { type: "tags" }, ...tags.map((tag) => ({ type: "tags", id: tag }))]);
    const columns = columnsFor(principal, url);
    const window = Math.min(parseDuration(url.searchParams.get("createdAt") ?? "") ?? MAX_CREATED_AT_MS, MAX_CREATED_AT_MS);
    await serveShape(shapeServer(context), {
      request,
      response,
      url,
      create: () => context.handles.create({ kind: "tags", tags, createdAfter: Date.now() - window }, columns),
    });
  }),

  route("GET", /^\/realtime\/v1\/batches\/([^/]+)$/, "shape", async (context, { request, response, url, params }) => {
    const principal = await context.auth.authenticate(request);
    const batch = context.runs.getBatch(params[0]!);
    if (!batch || batch.friendlyId !== params[0]) {
      response.setHeader("x-should-retry", "true");
      throw notFound();
    }
    authorize(principal, "read", [{ type: "batch", id: batch.friendlyId }, { type: "runs" }]);
    const columns = columnsFor(principal, url);
    await serveShape(shapeServer(context), {
      request,
      response,
      url,
      create: () => context.handles.create({ kind: "batch", batchId: batch.id }, columns),
    });
  }),
];
