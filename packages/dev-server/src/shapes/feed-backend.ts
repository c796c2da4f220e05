import type { ServerResponse } from "node:http";
import type { Deadlines } from "../deadlines.js";
import type { RunRegistry } from "../runs.js";
import type { ChangeLog } from "./change-log.js";
import type { Shape, ShapeHandles, ShapeTarget } from "./shape-handles.js";

export interface ShapeServer {
  runs: RunRegistry;
  handles: ShapeHandles;
  /** The replication log (Electric backend only). */
  log?: ChangeLog;
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
  /** The cursor the client echoes on live requests. */
  cursor: string | undefined;
  /** No `x-trigger-api-version: 2025-07-16`: the client predates the DEQUEUED status. */
  legacyStatus: boolean;
  /** No `x-trigger-electric-version`: the client reads the pre-1.0 header names. */
  legacyHeaders: boolean;
}

export interface ShapeRequest {
  response: ServerResponse;
  params: ShapeParams;
  target: ShapeTarget;
  columns: string[];
  /** Tag feeds: the createdAt floor a new handle gets. */
  createdAfter?: number;
}

/** A body that ends in up-to-date, and the offset it brings the client to. */
export interface FeedAnswer {
  text: string;
  offset: string;
}

export type HeaderValues = Record<string, string>;

/** How one of Cloud's realtime backends answers shape requests. */
export interface FeedBackend {
  /**
   * The shape a request with a handle and an offset names. `undefined` when the backend has
   * answered by itself (409 must-refetch); throws an HttpError for a request it refuses.
   */
  resolve(server: ShapeServer, request: ShapeRequest, handle: string): Shape | undefined;
  /** The answer to a request that does not wait (`live` absent). */
  catchUp(server: ShapeServer, shape: Shape, params: ShapeParams, fresh: boolean): { answer: FeedAnswer; headers: HeaderValues };
  /** What a live request after `params.offset` receives now, or undefined to keep holding. */
  changes(server: ShapeServer, shape: Shape, params: ShapeParams): FeedAnswer | undefined;
  /** The answer of a live request whose hold ended with nothing new. */
  nothingNew(server: ShapeServer, shape: Shape, params: ShapeParams): FeedAnswer;
  liveHeaders(server: ShapeServer, shape: Shape, params: ShapeParams, answer: FeedAnswer): HeaderValues;
}

/** Very old clients (no `x-trigger-electric-version`) read the pre-1.0 header names. */
export function headerNames(legacy: boolean, headers: HeaderValues): HeaderValues {
  if (!legacy) return headers;
  const renamed: HeaderValues = {};
  for (const [name, value] of Object.entries(headers)) {
    renamed[name === "electric-handle" ? "electric-shape-id" : name === "electric-offset" ? "electric-chunk-last-offset" : name] = value;
  }
  return renamed;
}

export const rowKey = (runId: string) => `"public"."TaskRun"/"${runId}"`;
