import * as z from "zod/mini";
import { parseRunDate } from "../decode/dates.js";

// A run row as `@electric-sql/client` yields it: numbers, booleans, arrays and the jsonb
// `error` are already converted by the shape's schema header; timestamps are still text and
// become Dates here. Columns the caller skipped (`skipColumns`) are absent, so everything but
// the columns the server never drops is optional; null stands for an empty text-like column.
// Each schema's error message is what the value should be ("a string"): the decoder builds
// its sentence from it.

const string = z.string("a string");
const number = z.number("a number");
const boolean = z.boolean("a boolean");

/** Postgres `timestamp` text (UTC, no zone) → Date. */
export const runTimestampSchema = z.pipe(
  z.string("a timestamp"),
  z.transform((value: string, context) => {
    const date = parseRunDate(value);
    if (Number.isNaN(date.getTime())) context.issues.push({ code: "custom", message: "a timestamp", input: value });
    return date;
  }),
);

const optionalText = z.optional(z.nullable(string));
const optionalDate = z.optional(z.nullable(runTimestampSchema));
const optionalTexts = z.optional(z.nullable(z.array(string, "an array of strings")));

const causeSchema = z.object({ name: z.optional(string), message: string, stackTrace: z.optional(string) }, "an object");

/** The `error` column: what a failed attempt left. Any internal code is accepted, so a code added on the server does not make the run unreadable. */
export const taskRunErrorSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("BUILT_IN_ERROR"), name: string, message: string, stackTrace: string, causes: z.optional(z.array(causeSchema, "an array")) }),
    z.object({ type: z.literal("CUSTOM_ERROR"), raw: string }),
    z.object({ type: z.literal("STRING_ERROR"), raw: string }),
    z.object({ type: z.literal("INTERNAL_ERROR"), code: string, message: z.optional(string), stackTrace: z.optional(string) }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? "a task run error type" : "a task run error object") },
);

/** One row of a run shape (`/realtime/v1/runs…`). Unknown columns are dropped. */
export const runRowSchema = z.object(
  {
    id: string,
    taskIdentifier: string,
    friendlyId: string,
    status: string,
    createdAt: runTimestampSchema,
    updatedAt: runTimestampSchema,
    startedAt: optionalDate,
    delayUntil: optionalDate,
    queuedAt: optionalDate,
    expiredAt: optionalDate,
    completedAt: optionalDate,
    number: z.optional(number),
    isTest: z.optional(boolean),
    usageDurationMs: z.optional(number),
    costInCents: z.optional(number),
    baseCostInCents: z.optional(number),
    ttl: optionalText,
    payload: optionalText,
    payloadType: optionalText,
    metadata: optionalText,
    metadataType: optionalText,
    output: optionalText,
    outputType: optionalText,
    runTags: optionalTexts,
    error: z.optional(z.nullable(taskRunErrorSchema)),
    realtimeStreams: optionalTexts,
  },
  "an object",
);

export type TaskRunError = z.output<typeof taskRunErrorSchema>;
export type ErrorCause = z.output<typeof causeSchema>;
export type RunRow = z.output<typeof runRowSchema>;
