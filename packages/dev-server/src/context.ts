import type { IncomingMessage, ServerResponse } from "node:http";
import type { Auth } from "./auth.js";
import type { Deadlines } from "./deadlines.js";
import type { Engine } from "./engine.js";
import type { PacketStore } from "./packets.js";
import type { RunRegistry } from "./runs.js";
import type { ChangeLog } from "./shapes/change-log.js";
import type { ShapeHandles } from "./shapes/shape-handles.js";
import type { StreamRegistry } from "./streams.js";
import type { WaitpointRegistry } from "./waitpoints.js";

/** Everything a route may use. */
export interface ServerContext {
  url: string;
  auth: Auth;
  runs: RunRegistry;
  streams: StreamRegistry;
  packets: PacketStore;
  waitpoints: WaitpointRegistry;
  engine: Engine;
  handles: ShapeHandles;
  /** The replication log the Electric backend reads (absent with the native backend). */
  log?: ChangeLog;
  /** The one timer behind long-poll holds, stream keep-alives and stream inactivity limits. */
  deadlines: Deadlines;
  /** How long a live shape request is held before a bare up-to-date. */
  liveHoldMs: number;
  /** Quiet time after which an SSE stream gets a `: ping` comment. */
  keepAliveMs: number;
  live: { open: number; limit: number };
  openStreams: { count: number };
  /** Registers a pending long-poll or SSE response so close/drop (and, for shapes, rotation) can end it. */
  onHold(release: () => void, kind?: "shape" | "stream"): () => void;
}

export interface RouteRequest {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: string[];
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** Counted in `stats().requests`. */
  kind: string;
  handle(context: ServerContext, request: RouteRequest): Promise<void>;
}

export const route = (method: string, pattern: RegExp, kind: string, handle: Route["handle"]): Route => ({ method, pattern, kind, handle });
