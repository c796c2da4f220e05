import { badRequest, sendJsonText } from "../http.js";
import type { Run } from "../model.js";
import type { LogEntry } from "./change-log.js";
import { encodeRow, schemaFor } from "./columns.js";
import { headerNames, rowKey, type FeedAnswer, type FeedBackend, type HeaderValues, type ShapeParams, type ShapeServer } from "./feed-backend.js";
import { candidates, definitionOf, isElectricHandle, matches, type Shape } from "./shape-handles.js";

const RELATION = ["public", "TaskRun"];
/** Electric counts live cursors in long-poll intervals since this day. */
const CURSOR_EPOCH = Date.UTC(2024, 9, 9);

const upToDate = (server: ShapeServer) => JSON.stringify({ headers: { control: "up-to-date", global_last_seen_lsn: String(log(server).head) } });

function log(server: ShapeServer) {
  if (!server.log) throw new Error("The Electric backend needs the change log");
  return server.log;
}

/** `<lsn>_<op>` or `<lsn>_inf`: the log position of an offset. */
const offsetLsn = (offset: string) => Number(offset.split("_")[0]);

/**
 * An entry as the shape sees it: a row entering the filter is an `insert` of the whole row, one
 * staying in it an `update` of its primary key and the columns that changed, one leaving it a
 * `delete` of its primary key. Nothing when the shape is not concerned.
 */
function message(shape: Shape, entry: LogEntry): Record<string, unknown> | undefined {
  const wasIn = entry.before !== undefined && matches(shape, entry.before.run);
  const isIn = matches(shape, entry.after.run);
  const headers = (operation: string) => ({ operation, relation: RELATION, lsn: String(entry.lsn), op_position: 0, txids: [entry.lsn], last: true });
  const key = rowKey(entry.runId);
  if (isIn && !wasIn) return { key, value: pick(entry.after.row, shape.columns), headers: headers("insert") };
  if (wasIn && !isIn) return { key, value: { id: entry.runId }, headers: headers("delete") };
  if (!isIn) return undefined;
  const value: Record<string, string | null> = { id: entry.runId };
  let changed = false;
  for (const column of shape.columns) {
    if (entry.after.row[column] === entry.before!.row[column]) continue;
    value[column] = entry.after.row[column]!;
    changed = true;
  }
  return changed ? { key, value, headers: headers("update") } : undefined;
}

function pick(row: Record<string, string | null>, columns: string[]): Record<string, string | null> {
  return Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));
}

/** Changes of the shape after `since`, as the text of their messages, and the position of the last. */
function changesSince(server: ShapeServer, shape: Shape, since: number): { messages: string; lsn: number } | undefined {
  const entries = log(server).since(since, shape.target.kind === "run" ? shape.target.runId : undefined);
  const last = entries.at(-1);
  if (!last) return undefined;
  const key = `${since}|${last.lsn}`;
  if (shape.liveCache?.key === key) return shape.liveCache.text ? { messages: shape.liveCache.text, lsn: Number(shape.liveCache.offset) } : undefined;
  const parts: string[] = [];
  let lsn = since;
  for (const entry of entries) {
    const found = message(shape, entry);
    if (!found) continue;
    parts.push(JSON.stringify(found));
    lsn = entry.lsn;
  }
  shape.liveCache = { key, text: parts.join(","), offset: String(lsn) };
  return parts.length > 0 ? { messages: parts.join(","), lsn } : undefined;
}

const body = (server: ShapeServer, messages: string) => `[${messages}${messages ? "," : ""}${upToDate(server)}]`;

/** Electric's cursor: the next multiple of the long-poll interval (seconds since its epoch), always past the client's. */
function nextCursor(server: ShapeServer, previous: string | undefined): string {
  const interval = Math.max(1, Math.round(server.liveHoldMs / 1000));
  const now = Math.floor((Date.now() - CURSOR_EPOCH) / 1000);
  let next = Math.ceil((now + 1) / interval) * interval;
  const before = Number(previous);
  if (Number.isFinite(before) && next <= before) next = before + interval;
  return String(next);
}

const etag = (shape: Shape, params: ShapeParams, answer: FeedAnswer) =>
  `"${shape.handle}:${params.offset}:${answer.offset}${answer.text.includes('"operation"') ? "" : `:${process.hrtime.bigint()}`}"`;

function common(shape: Shape, params: ShapeParams, answer: FeedAnswer): HeaderValues {
  return {
    ...headerNames(params.legacyHeaders, { "electric-handle": shape.handle, "electric-offset": answer.offset }),
    "electric-up-to-date": "",
    "electric-has-data": String(answer.text.includes('"operation"')),
    etag: etag(shape, params, answer),
  };
}

/**
 * Trigger.dev's Electric proxy (`realtimeClient.server.ts` in front of Electric): shapes are
 * views of the replication log, so an `update` carries the primary key and the changed columns
 * only, a run leaving a tag feed is deleted, values are Postgres text, and every handle dies with
 * the server (409 must-refetch to the new one).
 */
export const electricFeed: FeedBackend = {
  resolve(server, request, handle) {
    const known = server.handles.get(handle);
    if (known) {
      if (known.definition !== definitionOf(request.target, request.columns, known.createdAfter)) throw badRequest("Query Error", { details: [{ path: ["handle"], message: "The handle belongs to another shape" }] });
      if (log(server).covers(offsetLsn(request.params.offset))) return known;
    } else if (!isElectricHandle(handle)) {
      throw badRequest("Query Error", { details: [{ path: ["handle"], message: "Unknown handle" }] });
    }
    const fresh = server.handles.create(request.target, request.columns, request.createdAfter);
    sendJsonText(request.response, 409, JSON.stringify([{ headers: { control: "must-refetch" } }]), {
      ...headerNames(request.params.legacyHeaders, { "electric-handle": fresh.handle }),
      "cache-control": "public, max-age=60, must-revalidate",
    });
    return undefined;
  },

  catchUp(server, shape, params, fresh) {
    let answer: FeedAnswer;
    if (fresh) {
      const rows = [...candidates(server.runs, shape)].filter((run) => matches(shape, run)).sort((a, b) => a.createdAt - b.createdAt);
      const inserts = rows.map((run: Run) => JSON.stringify({ key: rowKey(run.id), value: encodeRow(run, shape.columns, "postgres"), headers: { operation: "insert", relation: RELATION } }));
      answer = { text: body(server, inserts.join(",")), offset: `${log(server).head}_inf` };
    } else {
      answer = electricFeed.changes(server, shape, params) ?? electricFeed.nothingNew(server, shape, params);
    }
    const cacheControl = fresh ? "public, max-age=604800, s-maxage=3600, stale-while-revalidate=2629746" : "public, max-age=60, stale-while-revalidate=300";
    return { answer, headers: { ...common(shape, params, answer), "electric-schema": JSON.stringify(schemaFor(shape.columns)), "cache-control": cacheControl } };
  },

  changes(server, shape, params) {
    const found = changesSince(server, shape, offsetLsn(params.offset));
    return found ? { text: body(server, found.messages), offset: `${found.lsn}_0` } : undefined;
  },

  nothingNew(server, _shape, params) {
    return { text: body(server, ""), offset: params.offset };
  },

  liveHeaders(server, shape, params, answer) {
    return { ...common(shape, params, answer), "electric-cursor": nextCursor(server, params.cursor), "cache-control": "public, max-age=5, stale-while-revalidate=5" };
  },
};

