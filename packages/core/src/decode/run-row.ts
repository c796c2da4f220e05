import * as z from "zod/mini";
import { isRunDate } from "./dates.js";

// A run row as `@electric-sql/client` yields it: numbers, booleans, arrays and the jsonb
// `error` are already converted by the shape's schema header; timestamps are still text.
// Columns the caller skipped (`skipColumns`) are absent, so everything but the columns the
// server never drops is optional.

const timestamp = z.string().check(z.refine(isRunDate, "not a valid timestamp"));
const optionalTimestamp = z.nullish(timestamp);
const optionalText = z.nullish(z.string());

const errorCause = z.object({
  name: z.optional(z.string()),
  message: z.string(),
  stackTrace: z.optional(z.string()),
});

/** The `error` column: what a failed attempt left. */
export const taskRunErrorSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("BUILT_IN_ERROR"),
    name: z.string(),
    message: z.string(),
    stackTrace: z.string(),
    causes: z.optional(z.array(errorCause)),
  }),
  z.object({ type: z.literal("CUSTOM_ERROR"), raw: z.string() }),
  z.object({ type: z.literal("STRING_ERROR"), raw: z.string() }),
  // Any code is accepted, so a code added on the server does not make the run unreadable.
  z.object({
    type: z.literal("INTERNAL_ERROR"),
    code: z.string(),
    message: z.optional(z.string()),
    stackTrace: z.optional(z.string()),
  }),
]);

export type TaskRunError = z.infer<typeof taskRunErrorSchema>;

export const runRowSchema = z.object({
  id: z.string(),
  taskIdentifier: z.string(),
  friendlyId: z.string(),
  status: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  startedAt: optionalTimestamp,
  delayUntil: optionalTimestamp,
  queuedAt: optionalTimestamp,
  expiredAt: optionalTimestamp,
  completedAt: optionalTimestamp,
  number: z.optional(z.number()),
  isTest: z.optional(z.boolean()),
  usageDurationMs: z.optional(z.number()),
  costInCents: z.optional(z.number()),
  baseCostInCents: z.optional(z.number()),
  ttl: optionalText,
  payload: optionalText,
  payloadType: optionalText,
  metadata: optionalText,
  metadataType: optionalText,
  output: optionalText,
  outputType: optionalText,
  runTags: z.nullish(z.array(z.string())),
  error: z.nullish(taskRunErrorSchema),
  realtimeStreams: z.nullish(z.array(z.string())),
});

export type RunRow = z.infer<typeof runRowSchema>;
