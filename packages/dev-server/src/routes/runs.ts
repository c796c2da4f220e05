import { authorize } from "../auth.js";
import { browserRoute, route, type ServerContext } from "../context.js";
import { notFound, sendJson } from "../http.js";
import { isFinal, publicStatus, type Packet, type Run } from "../model.js";
import { deserialize } from "../serialization.js";
import { runResources } from "./realtime.js";

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** `runs.retrieve()`'s answer: the public run with flags; offloaded packets as presigned URLs. */
function retrievedRun(context: ServerContext, run: Run) {
  const status = publicStatus(run.status);
  // Cloud's flags: CANCELED counts as completed (and failed); EXPIRED and TIMED_OUT as neither.
  const completed = ["COMPLETED", "CANCELED", "FAILED", "CRASHED", "SYSTEM_FAILURE"].includes(status);
  const packet = (value: Packet | undefined, field: "payload" | "output") => {
    if (!value?.data) return {};
    if (value.dataType === "application/store") return { [`${field}PresignedUrl`]: context.packets.presign(context.url, value.data, "GET") };
    return { [field]: deserialize(value) };
  };
  const error = run.error
    ? run.error.type === "BUILT_IN_ERROR"
      ? { name: run.error.name, message: run.error.message, stackTrace: run.error.stackTrace }
      : { message: run.error.raw }
    : undefined;
  const batch = run.batchId ? context.runs.getBatch(run.batchId) : undefined;
  return {
    id: run.friendlyId,
    status,
    taskIdentifier: run.taskIdentifier,
    idempotencyKey: run.idempotencyKey,
    isQueued: status === "QUEUED" || status === "DELAYED",
    isExecuting: status === "EXECUTING" || status === "DEQUEUED",
    isWaiting: status === "WAITING",
    isCompleted: completed,
    isSuccess: status === "COMPLETED",
    isFailed: completed && status !== "COMPLETED",
    isCancelled: status === "CANCELED",
    isTest: run.isTest,
    createdAt: iso(run.createdAt),
    updatedAt: iso(run.updatedAt),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.completedAt),
    expiredAt: iso(run.expiredAt),
    delayedUntil: iso(run.delayUntil),
    ttl: run.ttl,
    tags: [...run.tags].sort((a, b) => a.localeCompare(b)),
    costInCents: run.costInCents,
    baseCostInCents: run.baseCostInCents,
    durationMs: run.usageDurationMs,
    metadata: run.metadata,
    depth: 0,
    triggerFunction: batch ? "batchTrigger" : "trigger",
    batchId: batch?.friendlyId,
    ...packet(run.payload, "payload"),
    ...packet(run.output, "output"),
    error,
    relatedRuns: { children: [] },
    attemptCount: run.startedAt === undefined ? 0 : 1,
  };
}

export const runRoutes = [
  browserRoute("GET", /^\/api\/v3\/runs\/([^/]+)$/, "run", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const run = context.runs.getByFriendlyId(params[0]!);
    if (!run) throw notFound();
    authorize(principal, "read", runResources(context, run));
    sendJson(response, 200, retrievedRun(context, run));
  }),

  // `runs.cancel()`: a finished run stays as it is. As Trigger.dev, only a `write` scope on the
  // run or its task may cancel it (not its tags or batch).
  route("POST", /^\/api\/v2\/runs\/([^/]+)\/cancel$/, "run", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const run = context.runs.getByFriendlyId(params[0]!);
    // An action route checks scopes before it reports a missing resource.
    authorize(principal, "write", run ? [{ type: "runs", id: run.friendlyId }, { type: "tasks", id: run.taskIdentifier }] : [{ type: "runs", id: params[0]! }]);
    if (!run) throw notFound("Resource not found");
    if (!isFinal(run)) context.engine.controller(run.id).cancel();
    sendJson(response, 200, { id: run.friendlyId });
  }),
];
