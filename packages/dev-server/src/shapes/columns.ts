import type { Run } from "../model.js";

type Encoded = string | null;

/**
 * How values are written as text. `postgres` is what Electric sends (Postgres output functions:
 * `2025-07-16 10:00:00.12`, array elements quoted only when they must be, jsonb with its own key
 * order and spacing); `native` is what Trigger.dev's native backend writes (ISO timestamps without
 * a zone, every array element quoted, `JSON.stringify` for jsonb).
 */
export type Encoding = "postgres" | "native";

type Encoder = (run: Run, encoding: Encoding) => Encoded;

/** Column, its Electric schema entry, and how the run's value is written on the wire. */
const COLUMNS: Array<[name: string, schema: Record<string, unknown>, encode: Encoder]> = [
  ["id", { type: "text" }, (run) => run.id],
  ["taskIdentifier", { type: "text" }, (run) => run.taskIdentifier],
  ["createdAt", { type: "timestamp" }, (run, encoding) => timestamp(run.createdAt, encoding)],
  ["updatedAt", { type: "timestamp" }, (run, encoding) => timestamp(run.updatedAt, encoding)],
  ["startedAt", { type: "timestamp" }, (run, encoding) => timestamp(run.startedAt, encoding)],
  ["delayUntil", { type: "timestamp" }, (run, encoding) => timestamp(run.delayUntil, encoding)],
  ["queuedAt", { type: "timestamp" }, (run, encoding) => timestamp(run.queuedAt, encoding)],
  ["expiredAt", { type: "timestamp" }, (run, encoding) => timestamp(run.expiredAt, encoding)],
  ["completedAt", { type: "timestamp" }, (run, encoding) => timestamp(run.completedAt, encoding)],
  ["friendlyId", { type: "text" }, (run) => run.friendlyId],
  ["number", { type: "int4" }, (run) => String(run.number)],
  ["isTest", { type: "bool" }, (run) => (run.isTest ? "t" : "f")],
  ["status", { type: "text" }, (run) => run.status],
  ["usageDurationMs", { type: "int4" }, (run) => String(run.usageDurationMs)],
  ["costInCents", { type: "float8" }, (run) => String(run.costInCents)],
  ["baseCostInCents", { type: "float8" }, (run) => String(run.baseCostInCents)],
  ["ttl", { type: "text" }, (run) => run.ttl ?? null],
  ["payload", { type: "text" }, (run) => run.payload.data ?? null],
  ["payloadType", { type: "text" }, (run) => run.payload.dataType],
  ["metadata", { type: "text" }, (run) => (run.metadata ? JSON.stringify(run.metadata) : null)],
  ["metadataType", { type: "text" }, (run) => (run.metadata ? "application/json" : null)],
  ["output", { type: "text" }, (run) => run.output?.data ?? null],
  ["outputType", { type: "text" }, (run) => run.output?.dataType ?? null],
  // The column has no default: an empty list is NULL in the database.
  ["runTags", { type: "text", dims: 1 }, (run, encoding) => (run.tags.length > 0 ? textArray(run.tags, encoding) : null)],
  ["error", { type: "jsonb" }, (run, encoding) => (run.error ? (encoding === "postgres" ? jsonbText(run.error) : JSON.stringify(run.error)) : null)],
  ["realtimeStreams", { type: "text", dims: 1 }, (run, encoding) => textArray(run.realtimeStreams, encoding)],
];

/** Columns the server always sends, whatever `skipColumns` says. */
const RESERVED = new Set(["id", "taskIdentifier", "friendlyId", "status", "createdAt"]);

export const COLUMN_NAMES = COLUMNS.map(([name]) => name);

/** The columns left after `skipColumns` (unknown names ignored, reserved ones kept). */
export function selectColumns(skip: string[] | undefined): string[] {
  const skipped = new Set((skip ?? []).map((name) => name.trim()).filter((name) => !RESERVED.has(name)));
  return COLUMN_NAMES.filter((name) => !skipped.has(name));
}

export function schemaFor(columns: string[]): Record<string, unknown> {
  const wanted = new Set(columns);
  return Object.fromEntries(COLUMNS.filter(([name]) => wanted.has(name)).map(([name, schema]) => [name, schema]));
}

/** The run as a full row of the selected columns. */
export function encodeRow(run: Run, columns: string[], encoding: Encoding): Record<string, Encoded> {
  const wanted = new Set(columns);
  const row: Record<string, Encoded> = {};
  for (const [name, , encode] of COLUMNS) {
    if (!wanted.has(name)) continue;
    row[name] = run.corruptColumns && name in run.corruptColumns ? run.corruptColumns[name]! : encode(run, encoding);
  }
  return row;
}

/** Clients that do not send the current API version predate the DEQUEUED status (a rewrite of the body, as the webapp does). */
export function rewriteForLegacyStatus(body: string): string {
  return body.replace(/"status":"DEQUEUED"/g, '"status":"EXECUTING"');
}

/** Postgres `timestamp` text in UTC: `2025-07-16 10:00:00.12` (Electric) or `2025-07-16T10:00:00.120` (native). */
function timestamp(ms: number | undefined, encoding: Encoding): Encoded {
  if (ms === undefined) return null;
  const iso = new Date(ms).toISOString().slice(0, -1);
  if (encoding === "native") return iso;
  // Postgres drops trailing zeros of the fraction, and the fraction itself when it is zero.
  return iso.replace("T", " ").replace(/\.?0+$/, "");
}

/** A Postgres text[] literal: native quotes every element, Postgres only those that need it. */
function textArray(values: string[], encoding: Encoding): string {
  const quote = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const needsQuotes = (value: string) => value === "" || /^null$/i.test(value) || /[{},"\\\s]/.test(value);
  return `{${values.map((value) => (encoding === "native" || needsQuotes(value) ? quote(value) : value)).join(",")}}`;
}

/** jsonb output: keys shortest first (then by bytes), `": "` and `", "` between items. */
export function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
    keys.sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((key) => `${JSON.stringify(key)}: ${jsonbText((value as Record<string, unknown>)[key])}`).join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
