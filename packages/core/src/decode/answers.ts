// The answers of the action routes (trigger, batch trigger, wait-token completion), checked
// against their schemas as they come off the wire: one that does not match is an
// `invalid_data` error naming what was asked.
import type * as z from "zod/mini";
import { RealtimeError } from "../errors.js";
import { batchItemsAnswerSchema, createdBatchSchema, triggerAnswerSchema, waitTokenAnswerSchema } from "../schemas/answers.js";

/** The answer as `schema` reads it, or an `invalid_data` error with `message`. */
export function decodeAnswer<T extends z.ZodMiniType>(schema: T, body: unknown, message: string, status?: number): z.output<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new RealtimeError("invalid_data", message, status, { cause: result.error });
  return result.data;
}

export const decodeTriggerAnswer = (body: unknown, what: string) => decodeAnswer(triggerAnswerSchema, body, `The trigger of ${what} returned no run id`);

export function decodeCreatedBatch(body: unknown, what: string): { id: string; runCount: number; isCached: boolean; idempotencyKey?: string } {
  const { idempotencyKey, ...batch } = decodeAnswer(createdBatchSchema, body, `The batch trigger of ${what} returned no batch id and run count`);
  return idempotencyKey === undefined ? batch : { ...batch, idempotencyKey };
}

/** `false` asks for the items again. */
export const isUnsealedBatch = (body: unknown) => batchItemsAnswerSchema.safeParse(body).data?.sealed === false;

export const decodeWaitTokenAnswer = (body: unknown, what: string) => decodeAnswer(waitTokenAnswerSchema, body, `The server did not confirm completing ${what}`);
