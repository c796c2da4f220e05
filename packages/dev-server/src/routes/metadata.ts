import { authorize } from "../auth.js";
import { HttpError, readJson, sendJson } from "../http.js";
import { runResources } from "./realtime.js";
import { route } from "../context.js";

const METADATA_LIMIT = 256 * 1024;

type Operation =
  | { type: "set"; key: string; value: unknown }
  | { type: "delete"; key: string }
  | { type: "append"; key: string; value: unknown }
  | { type: "remove"; key: string; value: unknown }
  | { type: "increment"; key: string; value: number }
  | { type: "update"; value: Record<string, unknown> };

function apply(metadata: Record<string, unknown>, operation: Operation): void {
  switch (operation.type) {
    case "set":
      metadata[operation.key] = operation.value;
      return;
    case "delete":
      delete metadata[operation.key];
      return;
    case "append": {
      const current = metadata[operation.key];
      metadata[operation.key] = [...(Array.isArray(current) ? current : current === undefined ? [] : [current]), operation.value];
      return;
    }
    case "remove": {
      const current = metadata[operation.key];
      if (Array.isArray(current)) metadata[operation.key] = current.filter((item) => JSON.stringify(item) !== JSON.stringify(operation.value));
      return;
    }
    case "increment": {
      const current = metadata[operation.key];
      metadata[operation.key] = (typeof current === "number" ? current : 0) + operation.value;
      return;
    }
    case "update":
      Object.assign(metadata, operation.value);
      return;
    default:
      throw new HttpError(400, { error: "Unknown metadata operation" });
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
    for (const operation of operations) {
      if (!operation || typeof operation !== "object" || typeof (operation as Operation).type !== "string") throw new HttpError(400, { error: "Invalid metadata operation" });
      apply(next, operation as Operation);
    }
    if (Buffer.byteLength(JSON.stringify(next)) > METADATA_LIMIT) throw new HttpError(413, { error: "Metadata exceeds 256 KiB" });
    context.runs.update(run.id, (current) => {
      current.metadata = next;
    });
    sendJson(response, 200, { metadata: next });
  }),
];
