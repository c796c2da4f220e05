import { createServer } from "node:http";
import type { Socket } from "node:net";
import { Auth, flattenScopes, type ScopeObject } from "./auth.js";
import type { ServerContext, Route } from "./context.js";
import { Deadlines } from "./deadlines.js";
import { demoTasks } from "./demo-tasks.js";
import { Engine, RunController } from "./engine.js";
import { randomId } from "./ids.js";
import type { Run } from "./model.js";
import { PacketStore } from "./packets.js";
import { createRouter } from "./router.js";
import { authRoutes } from "./routes/auth.js";
import { inputStreamRoutes } from "./routes/input-streams.js";
import { metadataRoutes } from "./routes/metadata.js";
import { packetRoutes } from "./routes/packets.js";
import { realtimeRoutes } from "./routes/realtime.js";
import { runRoutes } from "./routes/runs.js";
import { runsPageRoutes } from "./routes/runs-page.js";
import { sessionChannelRoutes } from "./routes/session-channels.js";
import { sessionRoutes } from "./routes/sessions.js";
import { streamRoutes } from "./routes/streams.js";
import { triggerRoutes } from "./routes/trigger.js";
import { waitpointRoutes } from "./routes/waitpoints.js";
import { RunRegistry } from "./runs.js";
import { serialize } from "./serialization.js";
import { ChangeLog } from "./shapes/change-log.js";
import { ShapeHandles, type RealtimeBackend } from "./shapes/shape-handles.js";
import { StreamRegistry, type StreamsVersion } from "./streams.js";
import type { TaskDefinition } from "./tasks.js";
import { insertRun, prepareRun, streamsVersionOfNewRun } from "./triggering.js";
import { WaitpointRegistry } from "./waitpoints.js";

export interface DevServerOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  host?: string;
  /**
   * The environment's secret key: backend calls use it, public tokens are signed with it.
   * Default: a random `tr_dev_…` key made at each start.
   */
  secretKey?: string;
  /**
   * Host names (no port) the `Host` header may carry besides `localhost`, `127.0.0.1`, `[::1]`
   * and the `host` listened on; `["*"]` turns the check off. Needed when the server is reached
   * through another name (a container name, a LAN address).
   */
  allowedHosts?: string[];
  environmentId?: string;
  /** Task definitions to run. Default: the demo tasks. */
  tasks?: TaskDefinition[];
  /** Payloads and outputs at least this big are offloaded as `application/store` packets. Default 128 KiB. */
  offloadThreshold?: number;
  /** The longest a live shape request is held (85–100 % of it) before a bare up-to-date. Default 20 s, as Electric. */
  longPollTimeoutMs?: number;
  /** Quiet time after which an open stream gets a `: ping` comment. Default 10 s. */
  keepAliveMs?: number;
  /**
   * Stream version of runs whose trigger sends no `x-trigger-realtime-streams-version` (and of
   * `createRun` / `trigger` without one). Default `v1`, the webapp's default.
   */
  realtimeStreamsDefaultVersion?: StreamsVersion;
  /**
   * Which of Trigger.dev Cloud's realtime backends the run, tag and batch feeds imitate.
   * `electric` (default, as Cloud's default): the Electric proxy, partial updates in Postgres
   * text. `native`: Trigger.dev's own backend, full rows and its own offsets and handles.
   */
  realtimeBackend?: RealtimeBackend;
}

/** Options of `DevServer.trigger`: the trigger options the SDK sends, as values. */
export interface TriggerOptions {
  tags?: string | string[];
  metadata?: Record<string, unknown>;
  idempotencyKey?: string;
  /** `"30s"`, `"1h"` or a date: the run stays DELAYED until then. */
  delay?: string | Date;
  ttl?: string;
  /** The run's stream version; default: the server's. */
  realtimeStreamsVersion?: StreamsVersion;
}

export interface DevServerStats {
  /** Live shape long-polls being held right now. */
  openShapeRequests: number;
  /** SSE stream responses open right now. */
  openStreams: number;
  /** Requests served since start, by route kind (`shape`, `stream`, `trigger`, …). */
  requests: Record<string, number>;
  totalRequests: number;
  /** Faults armed with `injectStreamError` / `cutStream` that have fired. */
  streamFaultsFired: number;
}

export interface DevServer {
  /** `http://<host>:<port>`, no trailing slash. */
  readonly url: string;
  /** The realtime backend the feeds imitate. */
  readonly realtimeBackend: RealtimeBackend;
  readonly secretKey: string;
  readonly environmentId: string;
  /** Ends every long-poll, stream and socket at once, stops running tasks and closes the server. */
  close(): Promise<void>;
  /** Signs a public access token like `auth.createPublicToken`. */
  createPublicToken(options?: {
    scopes?: string[] | ScopeObject;
    expirationTime?: string | number | Date;
    realtime?: { skipColumns?: string[] };
    oneTimeUse?: boolean;
  }): Promise<string>;
  /** Triggers a task as the HTTP route does, returning the run id and a token that may read it (1 h). */
  trigger(taskId: string, payload?: unknown, options?: TriggerOptions): Promise<{ id: string; publicAccessToken: string; isCached: boolean }>;
  /** A run no task executes, moved by hand through its lifecycle (for tests). */
  createRun(options: {
    taskIdentifier?: string;
    payload?: unknown;
    tags?: string[];
    metadata?: Record<string, unknown>;
    batchId?: string;
    /** Default: the batch's version, else the server's default version (as triggers inherit). */
    realtimeStreamsVersion?: StreamsVersion;
  }): RunController;
  /** A batch of the server's default stream version, whose runs are created by hand with `createRun({ batchId })`. */
  createBatch(runCount?: number): { id: string };
  /** The controller of an existing run. */
  run(runId: string): RunController;
  getRun(runId: string): Run | undefined;
  /** Invalidates every shape handle: clients get 409 must-refetch and start over. */
  rotateShapes(): void;
  /** Cuts every open connection mid-response (long-polls and streams). */
  dropConnections(): void;
  /**
   * Goes down as a restarting server does: every connection is cut, new ones are refused for
   * `downMs` (default 500), and it comes back on the same address with new shape handles (409).
   * Runs, streams and tokens survive, as they do in Trigger.dev's database.
   */
  restart(options?: { downMs?: number }): Promise<void>;
  /**
   * v2 streams: the next reader to reach part `atRecord` (0-based) of the stream gets S2's
   * `event: error` instead (then the body ends), once. Readers must reconnect with Last-Event-ID.
   */
  injectStreamError(runId: string, key: string, atRecord: number): void;
  /** Either version: the next reader to reach part `atRecord` has its connection cut right before it, once. */
  cutStream(runId: string, key: string, atRecord: number): void;
  /** Overrides wire values of a run's row, e.g. `{ error: "not json" }`. */
  corruptRun(runId: string, columns: Record<string, string | null>): void;
  /** Live shape requests beyond `limit` get 429. Default: unlimited. */
  setConnectionLimit(limit: number): void;
  stats(): DevServerStats;
}

const routes: Route[] = [
  ...realtimeRoutes,
  // Before the stream writer routes, whose `/realtime/v1/streams/:run/:target/:key` path it shares.
  ...inputStreamRoutes,
  ...streamRoutes,
  ...triggerRoutes,
  ...runRoutes,
  ...metadataRoutes,
  ...waitpointRoutes,
  ...packetRoutes,
  ...authRoutes,
  ...runsPageRoutes,
  ...sessionRoutes,
  ...sessionChannelRoutes,
];

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** Loopback names, the address listened on (unless a wildcard) and the configured names, lowercase. */
function allowedHostNames(listenHost: string, configured: string[] = []): Set<string> {
  const listened = listenHost.includes(":") && !listenHost.startsWith("[") ? `[${listenHost}]` : listenHost;
  const wildcard = ["0.0.0.0", "[::]", ""].includes(listened);
  return new Set([...LOOPBACK_NAMES, ...(wildcard ? [] : [listened]), ...configured].map((name) => name.toLowerCase()));
}

/** Starts a local Trigger.dev-compatible API. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const secretKey = options.secretKey ?? `tr_dev_${randomId(24)}`;
  const listenHost = options.host ?? "127.0.0.1";
  const auth = new Auth(secretKey, options.environmentId ?? `env_${randomId(12)}`);
  const runs = new RunRegistry();
  const streams = new StreamRegistry();
  const packets = new PacketStore(options.offloadThreshold ?? 128 * 1024);
  const waitpoints = new WaitpointRegistry();
  const engine = new Engine(runs, streams, packets, waitpoints, auth, options.tasks ?? demoTasks);
  const deadlines = new Deadlines();
  const holds = new Map<() => void, "shape" | "stream">();
  const sockets = new Set<Socket>();
  const requests: Record<string, number> = {};
  const realtimeBackend = options.realtimeBackend ?? "electric";
  if (realtimeBackend !== "electric" && realtimeBackend !== "native") throw new Error(`Unknown realtime backend ${String(realtimeBackend)}`);
  const log = realtimeBackend === "electric" ? new ChangeLog(runs) : undefined;

  const context: ServerContext = {
    url: "",
    allowedHosts: allowedHostNames(listenHost, options.allowedHosts),
    auth,
    runs,
    streams,
    packets,
    waitpoints,
    engine,
    handles: new ShapeHandles(realtimeBackend),
    log,
    deadlines,
    liveHoldMs: options.longPollTimeoutMs ?? 20_000,
    keepAliveMs: options.keepAliveMs ?? 10_000,
    streamsDefaultVersion: options.realtimeStreamsDefaultVersion ?? "v1",
    live: { open: 0, limit: Number.POSITIVE_INFINITY },
    openStreams: { count: 0 },
    onHold(release, kind = "shape") {
      holds.set(release, kind);
      return () => holds.delete(release);
    },
  };

  const router = createRouter(routes, context, (route) => {
    requests[route.kind] = (requests[route.kind] ?? 0) + 1;
  });
  const server = createServer((request, response) => void router(request, response));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, listenHost, () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(options.port ?? 0);
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("The dev server has no TCP address");
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  context.url = `http://${host}:${address.port}`;

  const runOf = (runId: string) => {
    const run = runs.getByFriendlyId(runId) ?? runs.get(runId);
    if (!run) throw new Error(`Unknown run ${runId}`);
    return run;
  };

  const dropConnections = () => {
    for (const release of [...holds.keys()]) release();
    for (const socket of sockets) socket.destroy();
  };

  return {
    url: context.url,
    realtimeBackend,
    secretKey,
    environmentId: auth.environmentId,
    async close() {
      engine.close();
      waitpoints.close();
      dropConnections();
      deadlines.clear();
      log?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    createPublicToken: ({ scopes, expirationTime = "15m", realtime, oneTimeUse } = {}) =>
      auth.sign({ scopes: scopes ? flattenScopes(scopes) : undefined, realtime, otu: oneTimeUse }, expirationTime),
    async trigger(taskId, payload, { delay, realtimeStreamsVersion, ...triggerOptions } = {}) {
      const packet = serialize(payload);
      const body = { payload: packet.data, options: { ...triggerOptions, delay: delay instanceof Date ? delay.toISOString() : delay, payloadType: packet.dataType } };
      const { run, isCached } = insertRun(context, { ...prepareRun(context, { kind: "secret" }, taskId, body), realtimeStreamsVersion });
      return { id: run.friendlyId, publicAccessToken: await auth.sign({ scopes: [`read:runs:${run.friendlyId}`] }, "1h"), isCached };
    },
    createRun({ taskIdentifier = "manual", payload, tags, metadata, batchId, realtimeStreamsVersion }) {
      const batch = batchId ? runs.getBatch(batchId) : undefined;
      if (batchId && !batch) throw new Error(`Unknown batch ${batchId}`);
      const version = streamsVersionOfNewRun(context, realtimeStreamsVersion, batch?.id);
      const run = engine.createRun({ taskIdentifier, payload: serialize(payload), tags, metadata, batchId: batch?.id, realtimeStreamsVersion: version }, { execute: false });
      return new RunController(engine, run.friendlyId);
    },
    createBatch(runCount = 0) {
      return { id: runs.createBatch(runCount, undefined, context.streamsDefaultVersion).batch.friendlyId };
    },
    run: (runId) => engine.controller(runId),
    getRun: (runId) => runs.get(runId),
    rotateShapes: () => {
      context.handles.rotate();
      for (const [release, kind] of [...holds]) if (kind === "shape") release();
    },
    dropConnections,
    async restart({ downMs = 500 } = {}) {
      context.handles.rotate();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      dropConnections();
      await closed;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await listen(address.port);
    },
    injectStreamError: (runId, key, atRecord) => streams.addFault(runOf(runId).id, key, { kind: "error", at: atRecord }),
    cutStream: (runId, key, atRecord) => streams.addFault(runOf(runId).id, key, { kind: "cut", at: atRecord }),
    corruptRun: (runId, columns) => engine.controller(runId).corrupt(columns),
    setConnectionLimit(limit) {
      context.live.limit = limit;
    },
    stats: () => ({
      openShapeRequests: context.live.open,
      openStreams: context.openStreams.count,
      requests: { ...requests },
      totalRequests: Object.values(requests).reduce((sum, count) => sum + count, 0),
      streamFaultsFired: streams.faultsFired,
    }),
  };
}
