import { authorize } from "../auth.js";
import { browserRoute } from "../context.js";
import { checkJsonDepth } from "../json.js";
import { readBody, sendJson } from "../http.js";
import { isFinal } from "../model.js";

/** Cloud's body limit for one input stream record. */
const INPUT_LIMIT = 1024 * 1024;

const refuse = (status: number, error: string) => ({ status, body: { ok: false, error } });

export const inputStreamRoutes = [
  /**
   * `POST /realtime/v1/streams/:runId/input/:streamId` with `{ "data": … }`: hands `data` to the
   * run's task (`ctx.streams.input({ id }).on/once/wait`). As Cloud: the scope check comes first
   * (`write:inputStreams:<runId>`), then `{ ok: false, error }` for an unknown (404) or finished
   * (400) run, then the body; `{ ok: true }` once delivered. Registered before the stream writer
   * routes, whose path it shares.
   */
  browserRoute("POST", /^\/realtime\/v1\/streams\/([^/]+)\/input\/([^/]+)$/, "input-stream", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const runId = decodeURIComponent(params[0]!);
    const streamId = decodeURIComponent(params[1]!);
    authorize(principal, "write", [{ type: "inputStreams", id: runId }]);
    const body = await readBody(request, INPUT_LIMIT, true);
    const run = context.runs.getByFriendlyId(runId);
    const problem = !run
      ? refuse(404, "Run not found")
      : isFinal(run)
        ? refuse(400, "Cannot send to input stream on a completed run")
        : undefined;
    if (problem) return sendJson(response, problem.status, problem.body);
    checkJsonDepth(body.toString("utf8"));
    const parsed = parseBody(body);
    if (!parsed) return sendJson(response, 400, refuse(400, "Invalid request body").body);
    context.engine.inputs.send(runId, streamId, parsed.data ?? null);
    sendJson(response, 200, { ok: true });
  }),
];

/** `{ data }`; anything that is not a JSON object is refused. */
function parseBody(body: Buffer): { data?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as { data?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
