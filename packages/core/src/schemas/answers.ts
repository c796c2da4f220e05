import * as z from "zod/mini";

// The answers of the API routes the actions call. Fields the client can do without are
// lenient: a wrong type reads as absent rather than failing a call the server carried out.

/** `POST /api/v1/tasks/:taskId/trigger` → `{ id, isCached? }`. */
export const triggerAnswerSchema = z.object({ id: z.string(), isCached: z.catch(z.optional(z.boolean()), undefined) });

/** `POST /api/v3/batches` → `{ id, runCount, isCached?, idempotencyKey? }`. */
export const createdBatchSchema = z.object({
  id: z.string(),
  runCount: z.number(),
  isCached: z.catch(z.boolean(), false),
  idempotencyKey: z.catch(z.optional(z.string()), undefined),
});

/** `POST /api/v3/batches/:id/items` → `{ sealed }`: `false` asks for the items again. */
export const batchItemsAnswerSchema = z.object({ sealed: z.boolean() });

/** `POST /api/v1/waitpoints/tokens/:id/complete` → `{ success: true }`. */
export const waitTokenAnswerSchema = z.object({ success: z.literal(true) });

/** `POST /realtime/v1/streams/:runId/input/:streamId` and a session's `…/append` → `{ ok: true }` (extra fields dropped). */
export const inputStreamAnswerSchema = z.object({ ok: z.literal(true) });

/** `GET /api/v1/runs/:id/packets/:field` and `GET /api/v1/packets/:path` → `{ presignedUrl }`. */
export const packetAnswerSchema = z.object({ presignedUrl: z.string() });
