import type { Run } from "../model.js";

type Encoded = string | null;

/** Column, its Electric schema entry, and how the run's value is written on the wire. */
const COLUMNS: Array<[name: string, schema: Record<string, unknown>, encode: (run: Run) => Encoded]> = [
  ["id", { type: "text" }, (run) => run.id],
  ["taskIdentifier", { type: "text" }, (run) => run.taskIdentifier],
  ["createdAt", { type: "timestamp" }, (run) => timestamp(run.createdAt)],
  ["updatedAt", { type: "timestamp" }, (run) => timestamp(run.updatedAt)],
  ["startedAt", { type: "timestamp" }, (run) => timestamp(run.startedAt)],
  ["delayUntil", { type: "timestamp" }, (run) => timestamp(run.delayUntil)],
  ["queuedAt", { type: "timestamp" }, (run) => timestamp(run.queuedAt)],
  ["expiredAt", { type: "timestamp" }, (run) => timestamp(run.expiredAt)],
  ["completedAt", { type: "timestamp" }, (run) => timestamp(run.completedAt)],
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
  ["runTags", { type: "text", dims: 1 }, (run) => (run.tags.length > 0 ? textArray(run.tags) : null)],
  ["error", { type: "jsonb" }, (run) => (run.error ? JSON.stringify(run.error) : null)],
  ["realtimeStreams", { type: "text", dims: 1 }, (run) => textArray(run.realtimeStreams)],
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

/** The run as a full Electric row of the selected columns. */
export function encodeRow(run: Run, columns: string[], legacyStatus: boolean): Record<string, Encoded> {
  const wanted = new Set(columns);
  const row: Record<string, Encoded> = {};
  for (const [name, , encode] of COLUMNS) {
    if (!wanted.has(name)) continue;
    row[name] = run.corruptColumns && name in run.corruptColumns ? run.corruptColumns[name]! : encode(run);
  }
  // Clients that do not send the current API version predate the DEQUEUED status.
  if (legacyStatus && row.status === "DEQUEUED") row.status = "EXECUTING";
  return row;
}

/** Postgres `timestamp` text as Electric sends it: ISO 8601 without a zone. */
function timestamp(ms: number | undefined): Encoded {
  return ms === undefined ? null : new Date(ms).toISOString().slice(0, -1);
}

/** A Postgres text[] literal with every element quoted. */
function textArray(values: string[]): string {
  return `{${values.map((value) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}
