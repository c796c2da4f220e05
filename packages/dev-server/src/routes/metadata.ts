import { authorize } from "../auth.js";
import { HttpError, readJson, sendJson } from "../http.js";
import { runResources } from "./realtime.js";
import { route } from "../context.js";

const METADATA_LIMIT = 256 * 1024;

const invalid = (message: string) => new HttpError(400, { error: message });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Applies one of the SDK's metadata operations (`set`, `delete`, `append`, `remove`, `increment`, `update`). */
function apply(metadata: Record<string, unknown>, operation: unknown): void {
  if (!isObject(operation) || typeof operation.type !== "string") throw invalid("Invalid metadata operation");
  const { type, key, value } = operation;
  if (type === "update") {
    if (!isObject(value)) throw invalid("An update operation needs an object value");
    for (const [name, entry] of Object.entries(value)) if (name !== "__proto__") metadata[name] = entry;
    return;
  }
  if (typeof key !== "string" || key === "") throw invalid(`A ${type} operation needs a key`);
  if (key === "__proto__") throw invalid("Invalid metadata key");
  switch (type) {
    case "set":
      metadata[key] = value;
      return;
    case "delete":
      delete metadata[key];
      return;
    case "append": {
      const current = metadata[key];
      metadata[key] = [...(Array.isArray(current) ? current : current === undefined ? [] : [current]), value];
      return;
    }
    case "remove": {
      const current = metadata[key];
      if (Array.isArray(current)) metadata[key] = current.filter((item) => JSON.stringify(item) !== JSON.stringify(value));
      return;
    }
    case "increment": {
      if (typeof value !== "number" || !Number.isFinite(value)) throw invalid("An increment operation needs a number");
      const current = metadata[key];
      metadata[key] = (typeof current === "number" ? current : 0) + value;
      return;
    }
    default:
      throw invalid("Unknown metadata operation");
  }
}

export const metadataRoutes = [
  route("GET", /^\/api\/v1\/runs\/([^/]+)\/metadata$/, "metadata", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const run = context.runs.getByFriendlyId(params[0]!);
    if (!run) throw new HttpError(404, { error: "Run not found" });
    authorize(principal, "read", runResources(context, run));
    sendJson(response, 200, { metadata: run.metadata ?? {} });
  }),

  // What the SDK's `metadata.*` calls flush to: a whole object and/or operations, applied in order.
  route("PUT", /^\/api\/v1\/runs\/([^/]+)\/metadata$/, "metadata", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const body = await readJson(request, METADATA_LIMIT);
    const run = context.runs.getByFriendlyId(params[0]!);
    if (!run) throw new HttpError(404, { error: "Run not found" });
    const operations = body.operations === undefined ? [] : body.operations;
    if (!Array.isArray(operations)) throw new HttpError(400, { error: "operations must be an array" });
    if (body.metadata !== undefined && (typeof body.metadata !== "object" || body.metadata === null || Array.isArray(body.metadata))) {
      throw new HttpError(400, { error: "metadata must be an object" });
    }
    const next = { ...(body.metadata ? (body.metadata as Record<string, unknown>) : (run.metadata ?? {})) };
    for (const operation of operations) apply(next, operation);
    if (Buffer.byteLength(JSON.stringify(next)) > METADATA_LIMIT) throw new HttpError(413, { error: "Metadata exceeds 256 KiB" });
    context.runs.update(run.id, (current) => {
      current.metadata = next;
    });
    sendJson(response, 200, { metadata: next });
  }),
];
