// The answers of the action routes (trigger, batch trigger, wait-token completion), checked as
// they come off the wire: a missing field is an `invalid_data` error naming what was asked.
import { RealtimeError } from "../errors.js";

/** `POST /api/v1/tasks/:taskId/trigger` → `{ id, isCached? }`. */
export function decodeTriggerAnswer(body: unknown, what: string): { id: string; isCached: boolean | undefined } {
  const answer = body as { id?: unknown; isCached?: unknown } | null;
  if (typeof answer?.id !== "string") throw new RealtimeError("invalid_data", `The trigger of ${what} returned no run id`);
  return { id: answer.id, isCached: typeof answer.isCached === "boolean" ? answer.isCached : undefined };
}

/** `POST /api/v2/tasks/batch` → `{ id, runCount?, runs? }`; runs as `["run_…"]` or `[{ id: "run_…" }]`. */
export function decodeBatchAnswer(body: unknown, what: string): { id: string; runCount: number | undefined; runs: string[] } {
  const answer = body as { id?: unknown; runCount?: unknown; runs?: unknown } | null;
  if (typeof answer?.id !== "string") throw new RealtimeError("invalid_data", `The batch trigger of ${what} returned no batch id`);
  const runs = Array.isArray(answer.runs)
    ? answer.runs.map((run) => (typeof run === "string" ? run : (run as { id?: unknown } | null)?.id)).filter((id): id is string => typeof id === "string")
    : [];
  return { id: answer.id, runCount: typeof answer.runCount === "number" ? answer.runCount : undefined, runs };
}

/** `POST /api/v1/waitpoints/tokens/:id/complete` → `{ success: true }`. */
export function decodeWaitTokenAnswer(body: unknown, what: string): { success: true } {
  if ((body as { success?: unknown } | null)?.success !== true) throw new RealtimeError("invalid_data", `The server did not confirm completing ${what}`);
  return { success: true };
}
