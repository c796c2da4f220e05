import { isRunDate } from "./dates.js";

// A run row as `@electric-sql/client` yields it: numbers, booleans, arrays and the jsonb
// `error` are already converted by the shape's schema header; timestamps are still text.
// Columns the caller skipped (`skipColumns`) are absent, so everything but the columns the
// server never drops is optional; null stands for an empty column.
//
// Checked by hand against a column table rather than with a schema library: on the path of
// every subscription, a validation library costs more bytes than the rest of the decoder.

type Kind = "text" | "timestamp" | "number" | "boolean" | "texts" | "error";

/** Column → kind; `required` columns must be present and non-null. */
const columns: Record<string, [Kind, "required"?]> = {
  id: ["text", "required"],
  taskIdentifier: ["text", "required"],
  friendlyId: ["text", "required"],
  status: ["text", "required"],
  createdAt: ["timestamp", "required"],
  updatedAt: ["timestamp", "required"],
  startedAt: ["timestamp"],
  delayUntil: ["timestamp"],
  queuedAt: ["timestamp"],
  expiredAt: ["timestamp"],
  completedAt: ["timestamp"],
  number: ["number"],
  isTest: ["boolean"],
  usageDurationMs: ["number"],
  costInCents: ["number"],
  baseCostInCents: ["number"],
  ttl: ["text"],
  payload: ["text"],
  payloadType: ["text"],
  metadata: ["text"],
  metadataType: ["text"],
  output: ["text"],
  outputType: ["text"],
  runTags: ["texts"],
  error: ["error"],
  realtimeStreams: ["texts"],
};

// Numbers and booleans cannot be null in the database, so a null there is a broken row.
const nullable: ReadonlySet<Kind> = new Set(["text", "timestamp", "texts", "error"]);

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
  createdAt: string;
  updatedAt: string;
  startedAt?: Optional<string>;
  delayUntil?: Optional<string>;
  queuedAt?: Optional<string>;
  expiredAt?: Optional<string>;
  completedAt?: Optional<string>;
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

/** The checked value of one column, or what is wrong with it. */
function checkColumn(name: string, kind: Kind, value: unknown): unknown {
  switch (kind) {
    case "text":
      return typeof value === "string" ? value : new RowProblem(name, "a string", value);
    case "timestamp":
      return typeof value === "string" && isRunDate(value) ? value : new RowProblem(name, "a timestamp", value);
    case "number":
      return typeof value === "number" && !Number.isNaN(value) ? value : new RowProblem(name, "a number", value);
    case "boolean":
      return typeof value === "boolean" ? value : new RowProblem(name, "a boolean", value);
    case "texts": {
      if (!Array.isArray(value)) return new RowProblem(name, "an array of strings", value);
      const index = value.findIndex((item) => typeof item !== "string");
      return index < 0 ? value : new RowProblem(`${name}.${index}`, "a string", value[index]);
    }
    case "error":
      return checkError(value);
  }
}

/** The row as a `RunRow`, or the first thing wrong with it. Unknown columns are dropped. */
export function checkRunRow(row: unknown): RunRow | RowProblem {
  if (!isObject(row)) return new RowProblem("", "an object", row);
  const checked: Record<string, unknown> = {};
  for (const [name, [kind, required]] of Object.entries(columns)) {
    const value = row[name];
    if (value === undefined || (value === null && nullable.has(kind) && !required)) {
      if (required) return new RowProblem(name, "present", undefined);
      if (value === null) checked[name] = null;
      continue;
    }
    const result = checkColumn(name, kind, value);
    if (result instanceof RowProblem) return result;
    checked[name] = result;
  }
  return checked as unknown as RunRow;
}
