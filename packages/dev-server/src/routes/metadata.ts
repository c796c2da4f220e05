import { authorize } from "../auth.js";
import { route } from "../context.js";
import { HttpError, sendJson } from "../http.js";
import { readJson } from "../json.js";
import { METADATA_LIMIT } from "../limits.js";
import { parseMetadataOperations } from "../metadata.js";
import { runResources } from "./realtime.js";

/** The request body may carry a whole metadata object of the limit plus JSON framing. */
const BODY_LIMIT = 2 * METADATA_LIMIT;

export const metadataRoutes = [
  route("GET", /^\/api\/v1\/runs\/([^/]+)\/metadata$/, "metadata", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const run = context.runs.getByFriendlyId(params[0]!);
    if (!run) throw new HttpError(404, { error: "Run not found" });
    authorize(principal, "read", runResources(context, run));
    sendJson(response, 200, { metadata: run.metadata ?? {} });
  }),

  // What the SDK's `metadata.*` calls flush to. As Trigger.dev: with an `operations` array those
  // are applied to the current metadata; otherwise `metadata` replaces it.
  route("PUT", /^\/api\/v1\/runs\/([^/]+)\/metadata$/, "metadata", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const body = await readJson(request, BODY_LIMIT);
    const run = context.runs.getByFriendlyId(params[0]!);
    if (!run) throw new HttpError(404, { error: "Run not found" });
    const controller = context.engine.controller(run.id);
    if (body.operations !== undefined) {
      sendJson(response, 200, { metadata: controller.applyMetadataOperations(parseMetadataOperations(body.operations)) });
      return;
    }
    if (typeof body.metadata !== "object" || body.metadata === null || Array.isArray(body.metadata)) throw new HttpError(400, { error: "metadata must be an object" });
    controller.setMetadata(body.metadata as Record<string, unknown>);
    sendJson(response, 200, { metadata: controller.run.metadata });
  }),
];
