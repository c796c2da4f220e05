import type { IncomingMessage, ServerResponse } from "node:http";
import type { Run } from "../model.js";
import { badRequest, HttpError, sendJson } from "../http.js";
import type { RunRegistry } from "../runs.js";
import { encodeRow, schemaFor } from "./columns.js";
import { matches, type Shape, type ShapeHandles } from "./shape-handles.js";

/** Electric holds a live request this long (±15 %) before answering with a bare up-to-date. */
const LIVE_HOLD_MS = 20_000;
export const API_VERSION = "2025-07-16";

export interface ShapeRequest {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  /** The shape the request's filter describes (used when no valid handle is given). */
  create(): Shape;
}

export interface ShapeServerOptions {
  runs: RunRegistry;
  handles: ShapeHandles;
  /** Live requests currently held, and how many may be (429 above it). */
  live: { open: number; limit: number };
  /** Every pending long-poll, so `close()` and `dropConnections()` can end them. */
  onHold(release: () => void): () => void;
}

type Message = { key?: string; value?: Record<string, string | null>; headers: Record<string, string> };

let cursor = Math.floor(Date.now() / 1000);

/**
 * Serves one shape request in Electric's HTTP protocol: a snapshot for `offset=-1` (or any
 * non-live request: tab-resume catch-up), a long-poll for `live=true` that answers as soon as a
 * matching run changes, and 409 must-refetch for a handle the server no longer knows.
 */
export async function serveShape(options: ShapeServerOptions, shapeRequest: ShapeRequest): Promise<void> {
  const { url, response, request } = shapeRequest;
  const offset = url.searchParams.get("offset") ?? "-1";
  const handleParam = url.searchParams.get("handle") ?? url.searchParams.get("shape_id");
  const live = url.searchParams.get("live") === "true";
  if (offset !== "-1" && !/^\d+_\d+$/.test(offset)) throw badRequest("Query Error", { details: [{ path: ["offset"], message: "Invalid offset" }] });
  if (live && (!handleParam || offset === "-1")) throw badRequest("Query Error", { details: [{ path: ["live"], message: "live requires a handle and an offset" }] });
  const legacyStatus = request.headers["x-trigger-api-version"] !== API_VERSION;
  const legacyHeaders = request.headers["x-trigger-electric-version"] === undefined;

  let shape: Shape;
  if (handleParam && offset !== "-1") {
    const known = options.handles.get(handleParam);
    if (!known) {
      const fresh = shapeRequest.create();
      return sendJson(response, 409, [{ headers: { control: "must-refetch" } }], headerNames(legacyHeaders, { "electric-handle": fresh.handle }));
    }
    shape = known;
  } else {
    shape = shapeRequest.create();
  }

  if (!live) return sendSnapshot(options, shape, response, legacyStatus, legacyHeaders);

  if (options.live.open >= options.live.limit) throw new HttpError(429, { error: "Too many concurrent requests" });
  const since = Number(offset.split("_")[0]);
  options.live.open++;
  try {
    const { messages, newest } = await waitForChanges(options, shape, since, legacyStatus, response);
    if (response.destroyed) return;
    cursor = Math.max(cursor + 1, Math.floor(Date.now() / 1000));
    sendJson(response, 200, [...messages, { headers: { control: "up-to-date" } }], headerNames(legacyHeaders, {
      "electric-handle": shape.handle,
      "electric-offset": `${newest}_0`,
      "electric-cursor": String(cursor),
      "electric-up-to-date": "",
    }));
  } finally {
    options.live.open--;
  }
}

function sendSnapshot(options: ShapeServerOptions, shape: Shape, response: ServerResponse, legacyStatus: boolean, legacyHeaders: boolean) {
  const rows = currentRuns(options.runs, shape);
  shape.sent = new Map(rows.map((run) => [run.id, run.updatedAt]));
  const newest = rows.reduce((max, run) => Math.max(max, run.updatedAt), 0);
  const messages: Message[] = rows.map((run) => change(run, shape, "insert", legacyStatus));
  sendJson(response, 200, [...messages, { headers: { control: "up-to-date" } }], headerNames(legacyHeaders, {
    "electric-handle": shape.handle,
    "electric-offset": `${newest}_0`,
    "electric-schema": JSON.stringify(schemaFor(shape.columns)),
    "electric-up-to-date": "",
  }));
}

function currentRuns(runs: RunRegistry, shape: Shape): Run[] {
  if (shape.target.kind === "run") {
    const run = runs.get(shape.target.runId);
    return run ? [run] : [];
  }
  const list: Run[] = [];
  for (const run of runs.all()) if (matches(shape.target, run)) list.push(run);
  // The native backend caps list shapes at 1000 runs.
  return list.sort((a, b) => a.createdAt - b.createdAt).slice(-1000);
}

interface Changes {
  messages: Message[];
  /** The newest `updatedAt` among them: the next offset. */
  newest: number;
}

/** Changes after `since` for this shape: updates, inserts for runs new to it, deletes for runs that left. */
function changesSince(runs: RunRegistry, shape: Shape, since: number, legacyStatus: boolean): Changes {
  const messages: Message[] = [];
  let newest = since;
  if (shape.target.kind === "run") {
    const run = runs.get(shape.target.runId);
    if (run && run.updatedAt > since) {
      messages.push(change(run, shape, "update", legacyStatus));
      newest = run.updatedAt;
    }
    return { messages, newest };
  }
  for (const run of runs.all()) {
    if (run.updatedAt <= since) continue;
    newest = Math.max(newest, run.updatedAt);
    const inShape = matches(shape.target, run);
    const wasSent = shape.sent.has(run.id);
    if (inShape) {
      messages.push(change(run, shape, wasSent ? "update" : "insert", legacyStatus));
      shape.sent.set(run.id, run.updatedAt);
    } else if (wasSent) {
      shape.sent.delete(run.id);
      messages.push({ key: rowKey(run), value: { id: run.id, friendlyId: run.friendlyId }, headers: { operation: "delete" } });
    }
  }
  return { messages, newest };
}

function waitForChanges(options: ShapeServerOptions, shape: Shape, since: number, legacyStatus: boolean, response: ServerResponse): Promise<Changes> {
  const immediate = changesSince(options.runs, shape, since, legacyStatus);
  if (immediate.messages.length > 0) return Promise.resolve(immediate);
  const nothing: Changes = { messages: [], newest: since };
  return new Promise((resolve) => {
    let done = false;
    const finish = (changes: Changes) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unlisten();
      unhold();
      response.off("close", onClose);
      resolve(changes);
    };
    const check = () => {
      const changes = changesSince(options.runs, shape, since, legacyStatus);
      if (changes.messages.length > 0) finish(changes);
    };
    const unlisten = shape.target.kind === "run" ? options.runs.onRun(shape.target.runId, check) : options.runs.onAnyRun(check);
    const unhold = options.onHold(() => finish(nothing));
    const onClose = () => finish(nothing);
    // The client left (aborted, page hidden): stop holding.
    response.on("close", onClose);
    const timer = setTimeout(() => finish(nothing), LIVE_HOLD_MS * (0.85 + Math.random() * 0.3));
  });
}

function change(run: Run, shape: Shape, operation: "insert" | "update", legacyStatus: boolean): Message {
  return { key: rowKey(run), value: encodeRow(run, shape.columns, legacyStatus), headers: { operation } };
}

const rowKey = (run: Run) => `"public"."TaskRun"/"${run.id}"`;

/** Very old clients (no `x-trigger-electric-version`) read the pre-1.0 header names. */
function headerNames(legacy: boolean, headers: Record<string, string>): Record<string, string> {
  if (!legacy) return headers;
  const renamed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    renamed[name === "electric-handle" ? "electric-shape-id" : name === "electric-offset" ? "electric-chunk-last-offset" : name] = value;
  }
  return { ...headers, ...renamed };
}
