import type { Run } from "../model.js";
import { encodeRow, schemaFor } from "./columns.js";
import { headerNames, rowKey, type FeedAnswer, type FeedBackend, type HeaderValues, type ShapeParams, type ShapeServer } from "./feed-backend.js";
import { candidates, definitionOf, floorFromNativeHandle, matches, type Shape } from "./shape-handles.js";

/** At most this many runs in a list shape (`REALTIME_BACKEND_NATIVE_MAX_LIST_RESULTS`). */
const MAX_LIST_RESULTS = 1000;
const UP_TO_DATE = { headers: { control: "up-to-date" } };

const change = (run: Run, shape: Shape, operation: "insert" | "update") => ({
  key: rowKey(run.id),
  value: encodeRow(run, shape.columns, "native"),
  headers: { operation },
});

const offsetMs = (offset: string) => {
  const ms = Number(offset.split("_")[0]);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
};

function currentRuns(server: ShapeServer, shape: Shape): Run[] {
  const list = [...candidates(server.runs, shape)].filter((run) => matches(shape, run));
  return list.sort((a, b) => a.createdAt - b.createdAt).slice(-MAX_LIST_RESULTS);
}

/** Every response of the native backend is uncacheable (the route's CORS wrapper adds the rest). */
function headers(legacy: boolean, values: HeaderValues): HeaderValues {
  return { "cache-control": "no-store", ...headerNames(legacy, values) };
}

/**
 * Trigger.dev's native realtime backend (`nativeRealtimeClient.server.ts` with
 * `electricStreamProtocol.server.ts`): full rows on every change, `<updatedAtMs>_<seq>` offsets,
 * stable `run-<id>` handles, per-connection working sets for lists (runs that leave the filter
 * are never deleted), no `electric-up-to-date` header and never a 409.
 */
export const nativeFeed: FeedBackend = {
  resolve(server, request, handle) {
    const known = server.handles.get(handle);
    // The columns always come from the request's own token and query, never from the handle.
    if (known && known.definition === definitionOf(request.target, request.columns, known.createdAfter)) return known;
    if (request.target.kind === "run") return { ...server.handles.create(request.target, request.columns), handle };
    // A handle it does not remember (another instance, a restart): a working-set miss, not an error.
    const createdAfter = request.target.kind === "tags" ? (floorFromNativeHandle(handle) ?? request.createdAfter ?? 0) : 0;
    return server.handles.adopt(handle, request.target, request.columns, Math.max(createdAfter, request.createdAfter ?? 0));
  },

  catchUp(server, shape, params, fresh) {
    const rows = currentRuns(server, shape);
    // A catch-up under a known handle leaves its working set alone. Cloud's resets it, which
    // hides every change since the client's offset from an Electric client that prefetched
    // this answer and dropped it (as both 1.0.14 and 1.5 do when their next request is live).
    if (fresh || !shape.warm) shape.sent = new Map(rows.map((run) => [run.id, run.updatedAt]));
    shape.warm = true;
    const newest = rows.reduce((max, run) => Math.max(max, run.updatedAt), 0);
    const text = JSON.stringify([...rows.map((run) => change(run, shape, "insert")), UP_TO_DATE]);
    const offset = rows.length > 0 ? `${newest}_${server.handles.nextSeq()}` : shape.target.kind === "run" ? "0_0" : `0_${server.handles.nextSeq()}`;
    return {
      answer: { text, offset },
      headers: headers(params.legacyHeaders, { "electric-offset": offset, "electric-handle": shape.handle, "electric-schema": JSON.stringify(schemaFor(shape.columns)) }),
    };
  },

  changes(server, shape, params) {
    const since = offsetMs(params.offset);
    if (shape.target.kind === "run") {
      const run = server.runs.get(shape.target.runId);
      if (!run || run.updatedAt <= since) return undefined;
      const key = `${since}|${run.updatedAt}|${shape.columns.join(",")}`;
      if (shape.liveCache?.key !== key) {
        shape.liveCache = { key, text: JSON.stringify([change(run, shape, "update"), UP_TO_DATE]), offset: String(run.updatedAt) };
      }
      return { text: shape.liveCache.text, offset: `${shape.liveCache.offset}_${server.handles.nextSeq()}` };
    }
    const messages: Array<{ message: ReturnType<typeof change>; updatedAt: number }> = [];
    for (const run of candidates(server.runs, shape)) {
      if (!matches(shape, run)) continue;
      const prior = shape.sent.get(run.id);
      let operation: "insert" | "update" | undefined;
      if (prior !== undefined) operation = run.updatedAt > prior ? "update" : undefined;
      else if (shape.warm) operation = "insert";
      // After a working-set miss, anything newer than the client's offset goes out as an update.
      else operation = run.updatedAt > since ? "update" : undefined;
      shape.sent.set(run.id, run.updatedAt);
      if (!operation) continue;
      messages.push({ message: change(run, shape, operation), updatedAt: run.updatedAt });
    }
    shape.warm = true;
    if (messages.length === 0) return undefined;
    messages.sort((a, b) => a.updatedAt - b.updatedAt);
    const newest = Math.max(since, ...messages.map((entry) => entry.updatedAt));
    return { text: JSON.stringify([...messages.map((entry) => entry.message), UP_TO_DATE]), offset: `${newest}_${server.handles.nextSeq()}` };
  },

  nothingNew(server, shape, params) {
    const text = JSON.stringify([UP_TO_DATE]);
    // A run feed echoes the offset; a list feed re-encodes its floor with a new sequence number.
    return { text, offset: shape.target.kind === "run" ? params.offset : `${offsetMs(params.offset)}_${server.handles.nextSeq()}` };
  },

  liveHeaders(server, shape, params, answer) {
    return headers(params.legacyHeaders, { "electric-offset": answer.offset, "electric-handle": shape.handle, "electric-cursor": String(server.handles.nextSeq()) });
  },
};
