import type { IncomingMessage, ServerResponse } from "node:http";
import type { Deadlines } from "../deadlines.js";
import { badRequest, HttpError, sendJsonText } from "../http.js";
import type { Run } from "../model.js";
import type { RunRegistry } from "../runs.js";
import { encodeRow, schemaFor } from "./columns.js";
import { candidates, couldBeHandleOf, definitionOf, matches, topicOf, type Shape, type ShapeHandles, type ShapeTarget } from "./shape-handles.js";

export const API_VERSION = "2025-07-16";
/** At most this many runs in a list shape, like Trigger.dev's native backend. */
const MAX_LIST_RESULTS = 1000;
const UP_TO_DATE = { headers: { control: "up-to-date" } };

export interface ShapeServer {
  runs: RunRegistry;
  handles: ShapeHandles;
  deadlines: Deadlines;
  /** The longest a live request is held before a bare up-to-date (spread over its last 15 %, so clients do not return in step). */
  liveHoldMs: number;
  /** Live requests currently held, and how many may be (429 above it). */
  live: { open: number; limit: number };
  /** Every pending long-poll, so `close()`, `dropConnections()` and `rotateShapes()` can end it. */
  onHold(release: () => void, kind: "shape"): () => void;
}

/** The Electric query parameters of a shape request, checked before anything is looked up. */
export interface ShapeParams {
  offset: string;
  handle: string | undefined;
  live: boolean;
  /** No `x-trigger-api-version: 2025-07-16`: the client predates the DEQUEUED status. */
  legacyStatus: boolean;
  /** No `x-trigger-electric-version`: the client reads the pre-1.0 header names. */
  legacyHeaders: boolean;
}

const queryError = (path: string, message: string) => badRequest("Query Error", { details: [{ path: [path], message }] });

export function parseShapeParams(url: URL, request: IncomingMessage): ShapeParams {
  const offset = url.searchParams.get("offset") ?? "-1";
  const handle = url.searchParams.get("handle") ?? url.searchParams.get("shape_id") ?? undefined;
  const liveParam = url.searchParams.get("live");
  if (offset !== "-1" && !/^\d{1,16}_\d{1,16}$/.test(offset)) throw queryError("offset", "Invalid offset");
  if (liveParam !== null && liveParam !== "true" && liveParam !== "false") throw queryError("live", "live must be true or false");
  const live = liveParam === "true";
  if (handle !== undefined && (handle.length === 0 || handle.length > 200)) throw queryError("handle", "Invalid handle");
  if (offset !== "-1" && handle === undefined) throw queryError("handle", "An offset needs the handle it belongs to");
  if (live && offset === "-1") throw queryError("live", "A live request needs a handle and an offset");
  return {
    offset,
    handle,
    live,
    legacyStatus: request.headers["x-trigger-api-version"] !== API_VERSION,
    legacyHeaders: request.headers["x-trigger-electric-version"] === undefined,
  };
}

export interface ShapeRequest {
  response: ServerResponse;
  params: ShapeParams;
  target: ShapeTarget;
  columns: string[];
  /** Tag feeds: the createdAt floor a new handle gets. */
  createdAfter?: number;
}

type Message = { key?: string; value?: Record<string, string | null>; headers: Record<string, string> };
interface LiveAnswer {
  text: string;
  offset: string;
}

let cursor = Math.floor(Date.now() / 1000);

/**
 * Serves one shape request in Electric's HTTP protocol: a snapshot for `offset=-1` (or any
 * non-live request: tab-resume catch-up), a long-poll for `live=true` that answers as soon as a
 * matching run changes, and 409 must-refetch for an expired handle of this shape.
 */
export async function serveShape(server: ShapeServer, shapeRequest: ShapeRequest): Promise<void> {
  const { response, params, target, columns } = shapeRequest;
  if (params.live && server.live.open >= server.live.limit) throw new HttpError(429, { error: "Too many concurrent requests" });
  const create = () => server.handles.create(target, columns, shapeRequest.createdAfter);

  let shape: Shape;
  if (params.handle !== undefined && params.offset !== "-1") {
    const known = server.handles.get(params.handle);
    if (known && known.definition !== definitionOf(target, columns)) throw queryError("handle", "The handle belongs to another shape");
    if (!known) {
      if (!couldBeHandleOf(target, params.handle)) throw queryError("handle", "Unknown handle");
      const headers = headerNames(params.legacyHeaders, { "electric-handle": create().handle });
      return sendJsonText(response, 409, JSON.stringify([{ headers: { control: "must-refetch" } }]), headers);
    }
    shape = known;
  } else {
    shape = create();
  }

  if (!params.live) return sendSnapshot(server.runs, shape, response, params);

  server.live.open++;
  let answer: LiveAnswer | undefined;
  try {
    answer = await waitForChanges(server, shape, params, response);
  } finally {
    server.live.open--;
  }
  if (response.destroyed) return;
  cursor = Math.max(cursor + 1, Math.floor(Date.now() / 1000));
  sendJsonText(response, 200, answer?.text ?? JSON.stringify([UP_TO_DATE]), headerNames(params.legacyHeaders, {
    "electric-handle": shape.handle,
    // Nothing new: echo the client's own offset.
    "electric-offset": answer?.offset ?? params.offset,
    "electric-cursor": String(cursor),
    "electric-up-to-date": "",
  }));
}

function sendSnapshot(runs: RunRegistry, shape: Shape, response: ServerResponse, params: ShapeParams): void {
  const rows = currentRuns(runs, shape);
  shape.sent = new Map(rows.map((run) => [run.id, run.updatedAt]));
  const newest = rows.reduce((max, run) => Math.max(max, run.updatedAt), 0);
  const messages = rows.map((run) => change(run, shape, "insert", params.legacyStatus));
  sendJsonText(response, 200, JSON.stringify([...messages, UP_TO_DATE]), headerNames(params.legacyHeaders, {
    "electric-handle": shape.handle,
    "electric-offset": `${newest}_0`,
    "electric-schema": JSON.stringify(schemaFor(shape.columns)),
    "electric-up-to-date": "",
  }));
}

function currentRuns(runs: RunRegistry, shape: Shape): Run[] {
  const list = [...candidates(runs, shape)].filter((run) => matches(shape, run));
  return list.sort((a, b) => a.createdAt - b.createdAt).slice(-MAX_LIST_RESULTS);
}

/**
 * What a live request after `since` should receive now, or undefined if nothing changed.
 * A single run's answer is the same for every client at the same offset, so it is built once
 * and shared: one change costs one encoding however many long-polls wait on the run.
 */
function liveAnswer(runs: RunRegistry, shape: Shape, since: number, legacyStatus: boolean): LiveAnswer | undefined {
  if (shape.target.kind === "run") {
    const run = runs.get(shape.target.runId);
    if (!run || run.updatedAt <= since) return undefined;
    const key = `${since}|${legacyStatus}|${run.updatedAt}`;
    if (shape.liveCache?.key !== key) {
      const text = JSON.stringify([change(run, shape, "update", legacyStatus), UP_TO_DATE]);
      shape.liveCache = { key, text, offset: `${run.updatedAt}_0` };
    }
    return shape.liveCache;
  }
  const messages = listChangesSince(runs, shape, since, legacyStatus);
  if (messages.length === 0) return undefined;
  const newest = Math.max(...messages.map((message) => message.updatedAt));
  return { text: JSON.stringify([...messages.map((message) => message.message), UP_TO_DATE]), offset: `${newest}_0` };
}

/**
 * A list shape's changes after `since`: inserts for runs new to the handle, updates, and deletes
 * (key, id and friendlyId) for runs that left the filter, e.g. by losing a tag.
 */
function listChangesSince(runs: RunRegistry, shape: Shape, since: number, legacyStatus: boolean): Array<{ message: Message; updatedAt: number }> {
  const changes: Array<{ message: Message; updatedAt: number }> = [];
  for (const run of candidates(runs, shape)) {
    if (run.updatedAt <= since) continue;
    const wasSent = shape.sent.has(run.id);
    if (matches(shape, run)) {
      changes.push({ message: change(run, shape, wasSent ? "update" : "insert", legacyStatus), updatedAt: run.updatedAt });
      shape.sent.set(run.id, run.updatedAt);
    } else if (wasSent) {
      shape.sent.delete(run.id);
      changes.push({ message: { key: rowKey(run), value: { id: run.id, friendlyId: run.friendlyId }, headers: { operation: "delete" } }, updatedAt: run.updatedAt });
    }
  }
  return changes.sort((a, b) => a.updatedAt - b.updatedAt);
}

/** Holds the request until a change of the shape lands (registry notification, no polling) or the hold ends. */
function waitForChanges(server: ShapeServer, shape: Shape, params: ShapeParams, response: ServerResponse): Promise<LiveAnswer | undefined> {
  const since = Number(params.offset.split("_")[0]);
  const immediate = liveAnswer(server.runs, shape, since, params.legacyStatus);
  if (immediate) return Promise.resolve(immediate);
  // The client left while the request was being checked: its "close" has already fired.
  if (response.destroyed) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: LiveAnswer | undefined) => {
      if (done) return;
      done = true;
      unlisten();
      unhold();
      cancelHold();
      response.off("close", onClose);
      resolve(answer);
    };
    const unlisten = server.runs.listen(topicOf(shape.target), () => {
      const answer = liveAnswer(server.runs, shape, since, params.legacyStatus);
      if (answer) finish(answer);
    });
    const unhold = server.onHold(() => finish(undefined), "shape");
    // The client left (aborted, page hidden): stop holding.
    const onClose = () => finish(undefined);
    response.on("close", onClose);
    const cancelHold = server.deadlines.schedule(server.liveHoldMs * (0.85 + Math.random() * 0.15), () => finish(undefined));
  });
}

function change(run: Run, shape: Shape, operation: "insert" | "update", legacyStatus: boolean): Message {
  return { key: rowKey(run), value: encodeRow(run, shape.columns, legacyStatus), headers: { operation } };
}

const rowKey = (run: Run) => `"public"."TaskRun"/"${run.id}"`;

/** Very old clients (no `x-trigger-electric-version`) read the pre-1.0 header names; both are sent. */
function headerNames(legacy: boolean, headers: Record<string, string>): Record<string, string> {
  if (!legacy) return headers;
  const renamed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    renamed[name === "electric-handle" ? "electric-shape-id" : name === "electric-offset" ? "electric-chunk-last-offset" : name] = value;
  }
  return { ...headers, ...renamed };
}
