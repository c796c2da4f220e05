// The answers of the action routes (trigger, batch trigger, wait-token completion), checked as
// they come off the wire: a missing field is an `invalid_data` error naming what was asked.
import { RealtimeError } from "../errors.js";

/** `POST /api/v1/tasks/:taskId/trigger` → `{ id, isCached? }`. */
export function decodeTriggerAnswer(body: unknown, what: string): { id: string; isCached: boolean | undefined } {
  const answer = body as { id?: unknown; isCached?: unknown } | null;
  if (typeof answer?.id !== "string") throw new RealtimeError("invalid_data", `The trigger of ${what} returned no run id`);
  return { id: answer.id, isCached: typeof answer.isCached === "boolean" ? answer.isCached : undefined };
}

/** `POST /api/v3/batches` → `{ id, runCount, isCached?, idempotencyKey? }`. */
export function decodeCreatedBatch(body: unknown, what: string): { id: string; runCount: number; isCached: boolean; idempotencyKey?: string } {
  const answer = body as { id?: unknown; runCount?: unknown; isCached?: unknown; idempotencyKey?: unknown } | null;
  if (typeof answer?.id !== "string" || typeof answer.runCount !== "number") {
    throw new RealtimeError("invalid_data", `The batch trigger of ${what} returned no batch id and run count`);
  }
  return {
    id: answer.id,
    runCount: answer.runCount,
    isCached: answer.isCached === true,
    ...(typeof answer.idempotencyKey === "string" ? { idempotencyKey: answer.idempotencyKey } : {}),
  };
}

/** `POST /api/v3/batches/:id/items` → `{ sealed }`: `false` asks for the items again. */
export const isUnsealedBatch = (body: unknown) => (body as { sealed?: unknown } | null)?.sealed === false;

/** `POST /api/v1/waitpoints/tokens/:id/complete` → `{ success: true }`. */
export function decodeWaitTokenAnswer(body: unknown, what: string): { success: true } {
  if ((body as { success?: unknown } | null)?.success !== true) throw new RealtimeError("invalid_data", `The server did not confirm completing ${what}`);
  return { success: true };
}
