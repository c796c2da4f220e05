import { parseRunDate } from "./dates.js";

// A run row as `@electric-sql/client` yields it: numbers, booleans, arrays and the jsonb
// `error` are already converted by the shape's schema header; timestamps are still text (the
// check turns them into dates, parsing each once).
// Columns the caller skipped (`skipColumns`) are absent, so everything but the columns the
// server never drops is optional; null stands for an empty column.
//
// Checked by hand rather than with a schema library: on the path of every subscription, a
// validation library costs more bytes than the rest of the decoder. Each column is read by name
// (not from a table by key) so that the check stays cheap on a feed of thousands of rows.

export interface ErrorCause {
  name?: string;
  message: string;
  stackTrace?: string;
}

/** The `error` column: what a failed attempt left. Any internal code is accepted, so a code added on the server does not make the run unreadable. */
export type TaskRunError =
  | { type: "BUILT_IN_ERROR"; name: string; message: string; stackTrace: string; causes?: ErrorCause[] }
  | { type: "CUSTOM_ERROR"; raw: string }
  | { type: "STRING_ERROR"; raw: string }
  | { type: "INTERNAL_ERROR"; code: string; message?: string; stackTrace?: string };

type Optional<T> = T | null | undefined;

export interface RunRow {
  id: string;
  taskIdentifier: string;
  friendlyId: string;
  status: string;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Optional<Date>;
  delayUntil?: Optional<Date>;
  queuedAt?: Optional<Date>;
  expiredAt?: Optional<Date>;
  completedAt?: Optional<Date>;
  number?: number;
  isTest?: boolean;
  usageDurationMs?: number;
  costInCents?: number;
  baseCostInCents?: number;
  ttl?: Optional<string>;
  payload?: Optional<string>;
  payloadType?: Optional<string>;
  metadata?: Optional<string>;
  metadataType?: Optional<string>;
  output?: Optional<string>;
  outputType?: Optional<string>;
  runTags?: Optional<string[]>;
  error?: Optional<TaskRunError>;
  realtimeStreams?: Optional<string[]>;
}

/** Why a row is not a run row: the column (`error.raw`, `runTags.1`), what it should be, and what it holds. */
export class RowProblem {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly value: unknown,
  ) {}
}

// Required string fields of each error type, then the optional ones.
const errorFields: Record<string, [string[], string[]]> = {
  BUILT_IN_ERROR: [["name", "message", "stackTrace"], []],
  CUSTOM_ERROR: [["raw"], []],
  STRING_ERROR: [["raw"], []],
  INTERNAL_ERROR: [["code"], ["message", "stackTrace"]],
};

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Copies the listed string fields of `source`, or names the first one that is wrong. */
function pickStrings(source: Record<string, unknown>, path: string, required: string[], optional: string[]): Record<string, string> | RowProblem {
  const picked: Record<string, string> = {};
  for (const name of [...required, ...optional]) {
    const value = source[name];
    if (value === undefined && !required.includes(name)) continue;
    if (typeof value !== "string") return new RowProblem(`${path}.${name}`, "a string", value);
    picked[name] = value;
  }
  return picked;
}

function checkError(value: unknown): TaskRunError | RowProblem {
  if (!isObject(value)) return new RowProblem("error", "a task run error object", value);
  const fields = typeof value.type === "string" && Object.prototype.hasOwnProperty.call(errorFields, value.type) ? errorFields[value.type] : undefined;
  if (!fields) return new RowProblem("error.type", "a task run error type", value.type);
  const picked = pickStrings(value, "error", ...fields);
  if (picked instanceof RowProblem) return picked;
  const error = { type: value.type, ...picked } as TaskRunError;
  if (value.type === "BUILT_IN_ERROR" && value.causes !== undefined) {
    if (!Array.isArray(value.causes)) return new RowProblem("error.causes", "an array", value.causes);
    const causes: ErrorCause[] = [];
    for (const [index, cause] of value.causes.entries()) {
      const path = `error.causes.${index}`;
      if (!isObject(cause)) return new RowProblem(path, "an object", cause);
      const copy = pickStrings(cause, path, ["message"], ["name", "stackTrace"]);
      if (copy instanceof RowProblem) return copy;
      causes.push(copy as unknown as ErrorCause);
    }
    (error as { causes?: ErrorCause[] }).causes = causes;
  }
  return error;
}

// Column checks: the value, null for an empty optional column (only text-like columns can be
// empty in the database), undefined for a skipped one; a `RowProblem` is thrown otherwise.

function present<T>(name: string, value: unknown, optional: boolean, nullable: boolean, check: (value: unknown) => T | undefined, expected: string): T | null | undefined {
  if (value === undefined || (value === null && nullable)) {
    if (!optional) throw new RowProblem(name, "present", undefined);
    return value as null | undefined;
  }
  const checked = check(value);
  if (checked === undefined) throw new RowProblem(name, expected, value);
  return checked;
}

const asText = (value: unknown) => (typeof value === "string" ? value : undefined);
const asNumber = (value: unknown) => (typeof value === "number" && !Number.isNaN(value) ? value : undefined);
const asBoolean = (value: unknown) => (typeof value === "boolean" ? value : undefined);
const asDate = (value: unknown) => {
  const date = typeof value === "string" ? parseRunDate(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
};

const text = (name: string, value: unknown, optional = true) => present(name, value, optional, optional, asText, "a string");
const requiredText = (name: string, value: unknown) => text(name, value, false) as string;
const date = (name: string, value: unknown, optional = true) => present(name, value, optional, optional, asDate, "a timestamp");
const number = (name: string, value: unknown) => present(name, value, true, false, asNumber, "a number") ?? undefined;
const boolean = (name: string, value: unknown) => present(name, value, true, false, asBoolean, "a boolean") ?? undefined;

function texts(name: string, value: unknown): string[] | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Array.isArray(value)) throw new RowProblem(name, "an array of strings", value);
  const index = value.findIndex((item) => typeof item !== "string");
  if (index >= 0) throw new RowProblem(`${name}.${index}`, "a string", value[index]);
  return value;
}

function error(value: unknown): TaskRunError | null | undefined {
  if (value === undefined || value === null) return value;
  const checked = checkError(value);
  if (checked instanceof RowProblem) throw checked;
  return checked;
}

/** The row as a `RunRow`, or the first thing wrong with it. Unknown columns are dropped. */
export function checkRunRow(row: unknown): RunRow | RowProblem {
  if (!isObject(row)) return new RowProblem("", "an object", row);
  try {
    return {
      id: requiredText("id", row.id),
      taskIdentifier: requiredText("taskIdentifier", row.taskIdentifier),
      friendlyId: requiredText("friendlyId", row.friendlyId),
      status: requiredText("status", row.status),
      createdAt: date("createdAt", row.createdAt, false) as Date,
      updatedAt: date("updatedAt", row.updatedAt, false) as Date,
      startedAt: date("startedAt", row.startedAt),
      delayUntil: date("delayUntil", row.delayUntil),
      queuedAt: date("queuedAt", row.queuedAt),
      expiredAt: date("expiredAt", row.expiredAt),
      completedAt: date("completedAt", row.completedAt),
      number: number("number", row.number),
      isTest: boolean("isTest", row.isTest),
      usageDurationMs: number("usageDurationMs", row.usageDurationMs),
      costInCents: number("costInCents", row.costInCents),
      baseCostInCents: number("baseCostInCents", row.baseCostInCents),
      ttl: text("ttl", row.ttl),
      payload: text("payload", row.payload),
      payloadType: text("payloadType", row.payloadType),
      metadata: text("metadata", row.metadata),
      metadataType: text("metadataType", row.metadataType),
      output: text("output", row.output),
      outputType: text("outputType", row.outputType),
      runTags: texts("runTags", row.runTags),
      error: error(row.error),
      realtimeStreams: texts("realtimeStreams", row.realtimeStreams),
    };
  } catch (problem) {
    if (problem instanceof RowProblem) return problem;
    throw problem;
  }
}
