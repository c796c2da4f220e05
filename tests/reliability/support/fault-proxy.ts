import { createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { createRandom, type Random } from "../../support/random.js";

/**
 * What can go wrong between a client and the API, as it does in production:
 * - `reset`: the connection dies before any answer (a restarting load balancer);
 * - `stall`: nothing comes back for a while, then the connection dies (a dead NAT entry);
 * - `gateway`: a 502/503 from something in between, without reaching the API;
 * - `cut`: the answer starts, then the connection dies mid-body (mid-JSON, mid-event);
 * - `delay`: the answer arrives, late.
 */
export type FaultKind = "reset" | "stall" | "gateway" | "cut" | "delay";
export type FaultRates = Partial<Record<FaultKind, number>>;

/** Shape feeds (`/realtime/v1/runs…`, `/realtime/v1/batches/…`), SSE stream reads, everything else. */
export type RouteKind = "shape" | "stream" | "other";

export interface Exchange {
  method: string;
  url: URL;
  kind: RouteKind;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Replaces an answer (after it was read in full from the API); `undefined` keeps it, a `null` header removes it. */
export type Rewrite = (exchange: Exchange) => { status?: number; headers?: Record<string, string | null>; body?: string | Buffer } | undefined;

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  kind: RouteKind;
  authorization: string | undefined;
  at: number;
  fault?: FaultKind;
  status?: number;
  /** Set when the exchange is over (answered in full, or the connection closed). */
  closedAt?: number;
}

export interface FaultProxyOptions {
  /** The API's origin, e.g. the dev server's `url`. */
  target: string;
  seed: number;
  faults?: FaultRates;
  /** Route kinds faults apply to. Default: all. */
  kinds?: RouteKind[];
  /** Longest delay and stall, in ms. */
  maxDelayMs?: number;
  maxStallMs?: number;
}

export interface FaultProxy {
  url: string;
  setFaults(rates: FaultRates, kinds?: RouteKind[]): void;
  setRewrite(rewrite: Rewrite | undefined): void;
  /** Every request seen, in arrival order. */
  readonly log: readonly LoggedRequest[];
  /** Faults actually injected, by kind. */
  readonly faults: Readonly<Record<FaultKind, number>>;
  faultsInjected(): number;
  /** The next request matching `match` gets `fault`, whatever the rates say (once per call). */
  inject(match: (request: LoggedRequest) => boolean, fault: FaultKind): void;
  /** Requests seen that match `filter`. */
  count(filter?: (request: LoggedRequest) => boolean): number;
  /** Connections between client and proxy open right now. */
  openConnections(): number;
  /** Requests whose exchange is not over yet. */
  inFlight(): LoggedRequest[];
  close(): Promise<void>;
}

const ORDER: FaultKind[] = ["reset", "stall", "gateway", "cut", "delay"];

export function routeKind(method: string, path: string): RouteKind {
  if (method === "GET" && (path === "/realtime/v1/runs" || /^\/realtime\/v1\/(runs|batches)\/[^/]+$/.test(path))) return "shape";
  if (method === "GET" && /^\/realtime\/v1\/streams\/[^/]+\/[^/]+$/.test(path)) return "stream";
  return "other";
}

/** A fault-injecting HTTP proxy on 127.0.0.1, deterministic for a seed. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random: Random = createRandom(options.seed);
  let rates: FaultRates = options.faults ?? {};
  let kinds = new Set<RouteKind>(options.kinds ?? ["shape", "stream", "other"]);
  let rewrite: Rewrite | undefined;
  const maxDelayMs = options.maxDelayMs ?? 400;
  const maxStallMs = options.maxStallMs ?? 2_000;
  const log: LoggedRequest[] = [];
  const faults: Record<FaultKind, number> = { reset: 0, stall: 0, gateway: 0, cut: 0, delay: 0 };
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const scripted: Array<{ match: (request: LoggedRequest) => boolean; fault: FaultKind }> = [];

  const chooseFault = (kind: RouteKind, entry: LoggedRequest): FaultKind | undefined => {
    const planned = scripted.findIndex(({ match }) => match(entry));
    if (planned !== -1) return scripted.splice(planned, 1)[0]!.fault;
    if (!kinds.has(kind)) return undefined;
    // One draw per request, whatever the rates: the sequence of faults depends on the seed only.
    let roll = random.next();
    for (const fault of ORDER) {
      const rate = rates[fault] ?? 0;
      if (roll < rate) return fault;
      roll -= rate;
    }
    return undefined;
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", target);
    const kind = routeKind(request.method ?? "GET", url.pathname);
    const entry: LoggedRequest = {
      method: request.method ?? "GET",
      path: url.pathname,
      query: url.search,
      kind,
      authorization: request.headers.authorization,
      at: Date.now(),
    };
    log.push(entry);
    response.on("close", () => (entry.closedAt = Date.now()));
    const fault = chooseFault(kind, entry);
    // Parameters are drawn now, so they do not depend on timing.
    const delayMs = random.int(20, maxDelayMs);
    const stallMs = random.int(100, maxStallMs);
    const cutFraction = random.next();
    const streamCutBytes = random.int(1, 1_500);
    const streamCutMs = random.int(30, 1_200);

    const inject = (kindOfFault: FaultKind) => {
      entry.fault = kindOfFault;
      faults[kindOfFault]++;
    };

    if (fault === "reset") {
      inject("reset");
      request.socket.destroy();
      return;
    }
    if (fault === "stall") {
      inject("stall");
      later(stallMs, () => request.socket.destroy());
      return;
    }
    if (fault === "gateway") {
      inject("gateway");
      const status = random.chance(0.5) ? 502 : 503;
      entry.status = status;
      response.writeHead(status, { "content-type": "text/plain" }).end(status === 502 ? "Bad Gateway" : "Service Unavailable");
      return;
    }
    const go = () => pass(request, response, url, kind, entry, fault === "cut" ? { cutFraction, streamCutBytes, streamCutMs, inject } : undefined);
    if (fault === "delay") {
      inject("delay");
      later(delayMs, go);
    } else {
      go();
    }
  });

  function pass(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    kind: RouteKind,
    entry: LoggedRequest,
    cut: { cutFraction: number; streamCutBytes: number; streamCutMs: number; inject(kind: FaultKind): void } | undefined,
  ) {
    if (response.destroyed) return;
    const headers = { ...request.headers, host: target.host };
    const upstream = forward({ host: target.hostname, port: target.port, method: request.method, path: url.pathname + url.search, headers, agent: false }, (answer) => {
      const status = answer.statusCode ?? 502;
      entry.status = status;
      const rewriting = rewrite;
      if (rewriting) {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const body = Buffer.concat(chunks);
          const replaced = rewriting({ method: entry.method, url, kind, status, headers: answer.headers, body });
          const outHeaders: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) outHeaders[name] = value;
          for (const [name, value] of Object.entries(replaced?.headers ?? {})) {
            if (value === null) delete outHeaders[name];
            else outHeaders[name] = value;
          }
          const outBody = replaced?.body === undefined ? body : Buffer.from(replaced.body);
          delete outHeaders["transfer-encoding"];
          outHeaders["content-length"] = String(outBody.length);
          entry.status = replaced?.status ?? status;
          if (!response.destroyed) response.writeHead(entry.status, outHeaders).end(outBody);
        });
        answer.on("error", () => response.destroy());
        return;
      }

      const { connection: _connection, "keep-alive": _keepAlive, ...passed } = answer.headers;
      response.writeHead(status, passed);
      response.flushHeaders();
      let budget = Number.POSITIVE_INFINITY;
      let severed = false;
      const sever = () => {
        if (severed) return;
        severed = true;
        cut!.inject("cut");
        // Let a written prefix leave before the connection dies.
        setImmediate(() => response.destroy());
        answer.destroy();
      };
      if (cut) {
        if (!String(answer.headers["content-type"] ?? "").includes("text/event-stream")) {
          // A whole answer (JSON) dies somewhere inside its body.
          const chunks: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => chunks.push(chunk));
          answer.on("end", () => {
            const body = Buffer.concat(chunks);
            if (response.destroyed) return;
            const prefix = Math.floor(cut.cutFraction * body.length);
            if (prefix > 0) response.write(body.subarray(0, prefix));
            sever();
          });
          answer.on("error", () => response.destroy());
          return;
        }
        // An endless answer (SSE) dies after some bytes or some time.
        budget = cut.streamCutBytes;
        later(cut.streamCutMs, () => {
          if (!response.destroyed && !response.writableEnded) sever();
        });
      }
      answer.on("data", (chunk: Buffer) => {
        if (response.destroyed || severed) return;
        if (chunk.length >= budget) {
          if (budget > 0) response.write(chunk.subarray(0, budget));
          budget = 0;
          sever();
          return;
        }
        budget -= chunk.length;
        response.write(chunk);
      });
      answer.on("end", () => {
        if (!response.destroyed && !severed) response.end();
      });
      answer.on("error", () => response.destroy());
    });
    upstream.on("error", () => response.destroy());
    response.on("close", () => upstream.destroy());
    request.pipe(upstream);
  }

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("The proxy has no address");

  return {
    url: `http://127.0.0.1:${address.port}`,
    setFaults(next, nextKinds) {
      rates = next;
      if (nextKinds) kinds = new Set(nextKinds);
    },
    setRewrite(next) {
      rewrite = next;
    },
    inject(match, fault) {
      scripted.push({ match, fault });
    },
    log,
    faults,
    faultsInjected: () => Object.values(faults).reduce((sum, count) => sum + count, 0),
    count: (filter) => (filter ? log.filter(filter).length : log.length),
    openConnections: () => sockets.size,
    inFlight: () => log.filter((entry) => entry.closedAt === undefined),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
