import type { IncomingMessage, ServerResponse } from "node:http";
import type { Auth } from "./auth.js";
import type { Deadlines } from "./deadlines.js";
import type { Engine } from "./engine.js";
import type { PacketStore } from "./packets.js";
import type { RunRegistry } from "./runs.js";
import type { ChangeLog } from "./shapes/change-log.js";
import type { ShapeHandles } from "./shapes/shape-handles.js";
import type { StreamRegistry, StreamsVersion } from "./streams.js";
import type { WaitpointRegistry } from "./waitpoints.js";

/** Everything a route may use. */
export interface ServerContext {
  url: string;
  /** Host names (without port) the `Host` header may carry: loopback names and the configured ones. */
  allowedHosts: ReadonlySet<string>;
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
  /** Stream version of runs whose trigger did not ask for one (`x-trigger-realtime-streams-version`). */
  streamsDefaultVersion: StreamsVersion;
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
  /** Browsers may call it from other origins (CORS): the routes that take public access tokens. */
  cors: boolean;
  handle(context: ServerContext, request: RouteRequest): Promise<void>;
}

/** A route for backends only: no CORS, so browsers on other origins cannot use it. */
export const route = (method: string, pattern: RegExp, kind: string, handle: Route["handle"]): Route => ({ method, pattern, kind, cors: false, handle });

/** A route browsers may call from any origin with a public access token, as Trigger.dev's `corsStrategy: "all"` routes. */
export const browserRoute = (method: string, pattern: RegExp, kind: string, handle: Route["handle"]): Route => ({ ...route(method, pattern, kind, handle), cors: true });
