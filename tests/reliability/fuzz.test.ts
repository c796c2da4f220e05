import { request as httpRequest, Agent } from "node:http";
import { defineTask, startDevServer, type DevServer } from "@trigger-realtime/dev-server";
import fc from "fast-check";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFor } from "@trigger-realtime/test-support";
import { reportFigures } from "./support/figures.js";

// Every route of the dev server, fired with bad input and with tokens that must not work:
// answers are 4xx (never 5xx, never a hang), no answer carries another run's, tag's or
// batch's data, nothing the caller may not write is written, and the server still serves.

const seed = seedFor("fuzz");
const TIMEOUT_MS = 5_000;

let server: DevServer;
// One connection per request: a keep-alive socket the server closed after an early answer
// would fail the next request on the client's side, which says nothing about the server.
const agent = new Agent({ keepAlive: false, maxSockets: 32 });

/** Secret data: no answer to an outsider may contain any of these. */
const MARKS = [`SECRET-A-${seed}`, `SECRET-B-${seed}`, `SECRET-T-${seed}`, `SECRET-W-${seed}`];
const world = {} as {
  secretRuns: string[];
  secretBatch: string;
  secretTag: string;
  secretWaitpoint: string;
  visibleRun: string;
  visibleTag: string;
  visibleWaitpoint: string;
  finishedRun: string;
  handles: string[];
  offloadedPath: string;
  tokens: { bad: Array<[string, string | undefined]>; scoped: string; secret: string };
};

type Outcome = { status: number; body: string; headers: Record<string, string | string[] | undefined> } | { failure: string };

const tally = {
  cases: 0,
  byProperty: {} as Record<string, number>,
  statuses: {} as Record<string, number>,
  serverErrors: 0,
  hangs: 0,
  resets: 0,
  retriedResets: 0,
  leaks: 0,
};

/** How long an open stream answer is read before it is left. */
const STREAM_LOOK_MS = 300;

function send(method: string, path: string, headers: Record<string, string>, body: Buffer | string | undefined): Promise<Outcome> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    let request: ReturnType<typeof httpRequest>;
    try {
      request = httpRequest({ host: url.hostname, port: url.port, method, path, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 32 * 1024 * 1024) chunks.push(chunk);
      });
      const answer = () => done({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: response.headers });
      response.on("end", answer);
      // An open stream is an answer, not a hang: streams end only after their quiet timeout
      // (never because the run finished). What it sent at once is checked, then it is left.
      if (String(response.headers["content-type"]).startsWith("text/event-stream")) {
        setTimeout(() => {
          answer();
          request.destroy();
        }, STREAM_LOOK_MS);
      }
      response.on("error", (error) => done({ failure: `response error: ${error.message}` }));
      });
    } catch (error) {
      throw new Error(`The fuzzer built a request Node cannot send: ${(error as Error).message}`);
    }
    const timer = setTimeout(() => {
      request.destroy();
      done({ failure: `no complete answer within ${TIMEOUT_MS} ms` });
    }, TIMEOUT_MS);
    request.on("error", (error) => done({ failure: `request error: ${error.message}` }));
    request.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const printable = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:,;/=+*!?~'\"{}[]()<>@#$%^&|\\`") });
const nasty = fc.constantFrom(
  "",
  "%20",
  "..",
  "%",
  "%E0%A4%A",
  "%zz",
  "%00",
  "%2F..%2F",
  "%F0%9F%92%A9",
  "run_",
  "a".repeat(5_000),
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "-1",
  "1e309",
  "NaN",
  "0x10",
  "%22%5C",
);
const segment = () =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(world.visibleRun, world.finishedRun, ...world.secretRuns, world.secretBatch, world.secretWaitpoint, world.visibleWaitpoint) },
    { weight: 2, arbitrary: nasty },
    { weight: 2, arbitrary: printable.map((text) => encodeURIComponent(text)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text) => encodeURIComponent(text)) },
  );

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(null, true, 0, -1, 1e308, "", [], {}, { __proto__: { polluted: true } }, JSON.parse('{"__proto__":{"polluted":true}}')),
);
const hostileObject = fc.dictionary(fc.oneof(printable, fc.constantFrom("__proto__", "constructor", "prototype", "toString", "payload", "options", "type", "key", "value")), jsonish, { maxKeys: 6 });

const body = () =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: jsonish.map((value) => JSON.stringify(value)) },
    { weight: 3, arbitrary: hostileObject.map((value) => JSON.stringify(value)) },
    {
      weight: 4,
      arbitrary: fc
        .record({
          payload: fc.oneof(jsonish, printable),
          options: fc.oneof(
            jsonish,
            fc.record(
              {
                payloadType: fc.constantFrom("application/json", "application/super+json", "text/plain", "application/store", "x/unknown", ""),
                tags: fc.oneof(fc.array(fc.oneof(printable, jsonish), { maxLength: 12 }), jsonish),
                metadata: fc.oneof(hostileObject, printable, jsonish),
                metadataType: fc.constantFrom("application/json", "text/plain", "application/super+json"),
                delay: fc.oneof(printable, fc.constantFrom("1s", "1d", "99999999w", "2099-01-01", "-1s")),
                ttl: fc.oneof(printable, jsonish),
                idempotencyKey: fc.oneof(printable, jsonish),
                queue: jsonish,
              },
              { requiredKeys: [] },
            ),
          ),
          items: fc.oneof(jsonish, fc.array(fc.record({ task: fc.oneof(fc.constantFrom("echo", "nope"), printable, jsonish), payload: jsonish, options: fc.oneof(jsonish, hostileObject) }, { requiredKeys: [] }), { maxLength: 5 })),
          runCount: fc.oneof(fc.integer({ min: -5, max: 2_000 }), jsonish),
          taskIdentifiers: jsonish,
          data: jsonish,
          timeout: fc.oneof(printable, jsonish, fc.constantFrom("1s", "1h", "2099-01-01T00:00:00Z", "not a date")),
          operations: fc.oneof(jsonish, fc.array(fc.record({ type: fc.constantFrom("set", "delete", "append", "remove", "increment", "update", "explode"), key: fc.oneof(printable, fc.constantFrom("__proto__")), value: jsonish }, { requiredKeys: [] }), { maxLength: 5 })),
          metadata: fc.oneof(hostileObject, jsonish),
        }, { requiredKeys: [] })
        .map((value) => JSON.stringify(value)),
    },
    { weight: 2, arbitrary: printable },
    { weight: 1, arbitrary: fc.array(fc.oneof(jsonish.map((value) => JSON.stringify(value)), printable), { maxLength: 6 }).map((lines) => lines.join("\n")) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.constantFrom(Buffer.from([0xff, 0xfe, 0x00, 0xc3]), "x".repeat(600 * 1024), `{"a":"${"y".repeat(300 * 1024)}"}`) },
  );

const headerValue = fc.oneof(printable, fc.integer({ min: -10, max: 1_000 }).map(String), fc.constantFrom("0", "1", "600", "601", "1.5", "-1", "Infinity", "1-0", "0-0", "99999999999999-5", "latest"));

const shapeQuery = () =>
  fc.record(
    {
      offset: fc.oneof(fc.constantFrom("-1", "0_0", "1_1", "now", "9999999999999_0", "-2", "1__1"), printable),
      handle: fc.oneof(fc.constantFrom(...world.handles), printable),
      live: fc.constantFrom("true", "false", "yes", ""),
      cursor: fc.oneof(printable, fc.integer().map(String)),
      skipColumns: fc.oneof(fc.constantFrom("payload,output", "id,status", "updatedAt", "", ",,,", "nope"), printable),
      tags: fc.oneof(fc.constantFrom(world.visibleTag, world.secretTag, `${world.visibleTag},${world.secretTag}`, "", ",", "a\\b", 'q"t'), printable),
      createdAt: fc.oneof(fc.constantFrom("1h", "7d", "0s", "1d2h", "-1h", "forever"), printable),
      expired_handle: printable,
      shape_id: printable,
      log: fc.constantFrom("full", "changes_only"),
    },
    { requiredKeys: [] },
  );

type FuzzRequest = { method: string; path: string; headers: Record<string, string>; body: Buffer | string | undefined };

const query = (params: Record<string, string>) => {
  const search = new URLSearchParams(params).toString();
  return search ? `?${search}` : "";
};

/** One request to one route, with bad (or merely odd) input. */
const routeRequest = (): fc.Arbitrary<FuzzRequest> => {
  const extraHeaders = fc.record(
    {
      "timeout-seconds": headerValue,
      "last-event-id": headerValue,
      "x-trigger-stream-start": fc.constantFrom("latest", "beginning", "x"),
      "x-client-id": headerValue,
      "x-resume-from-chunk": headerValue,
      "content-type": fc.constantFrom("application/json", "application/x-ndjson", "text/plain", "multipart/form-data", "application/json; charset=utf-16"),
      "x-trigger-api-version": fc.constantFrom("2025-07-16", "1999-01-01", ""),
      "x-trigger-electric-version": fc.constantFrom("1.0.0-beta.1", ""),
      "x-trigger-client": fc.constantFrom("browser", "sdk"),
      "idempotency-key": printable,
    },
    { requiredKeys: [] },
  );
  const shapeRoutes = fc.oneof(
    fc.tuple(segment(), shapeQuery()).map(([id, params]) => ({ method: "GET", path: `/realtime/v1/runs/${id}${query(params)}` })),
    shapeQuery().map((params) => ({ method: "GET", path: `/realtime/v1/runs${query(params)}` })),
    fc.tuple(segment(), shapeQuery()).map(([id, params]) => ({ method: "GET", path: `/realtime/v1/batches/${id}${query(params)}` })),
  );
  const streamRoutes = fc.oneof(
    // Reads of finished runs (or unknown ones); an allowed read stays open and is looked at briefly (see send).
    fc.tuple(fc.oneof(fc.constantFrom(world.finishedRun, ...world.secretRuns), segment()), fc.oneof(fc.constantFrom("text", "default"), segment())).map(([id, key]) => ({ method: "GET", path: `/realtime/v1/streams/${id}/${key}` })),
    fc.tuple(fc.constantFrom("PUT", "POST", "HEAD"), segment(), fc.constantFrom("self", "parent", "root", "x"), segment()).map(([method, id, target, key]) => ({ method, path: `/realtime/v1/streams/${id}/${target}/${key}` })),
    fc.tuple(segment(), fc.constantFrom("self", "x"), segment()).map(([id, target, key]) => ({ method: "POST", path: `/realtime/v1/streams/${id}/${target}/${key}/append` })),
  );
  const actionRoutes = fc.oneof(
    fc.oneof(fc.constantFrom("echo", "nope"), segment()).map((task) => ({ method: "POST", path: `/api/v1/tasks/${task}/trigger` })),
    fc.constant({ method: "POST", path: "/api/v2/tasks/batch" }),
    fc.constant({ method: "POST", path: "/api/v3/batches" }),
    segment().map((id) => ({ method: "POST", path: `/api/v3/batches/${id}/items` })),
    fc.constant({ method: "POST", path: "/api/v1/waitpoints/tokens" }),
    segment().map((id) => ({ method: "POST", path: `/api/v1/waitpoints/tokens/${id}/complete` })),
    fc.tuple(segment(), fc.oneof(fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 1, maxLength: 64 }), fc.constant("0".repeat(64)))).map(([id, hmac]) => ({ method: "POST", path: `/api/v1/waitpoints/tokens/${id}/callback/${hmac}` })),
    fc.constant({ method: "POST", path: "/api/v1/auth/jwt/claims" }),
    fc.tuple(fc.constantFrom("GET", "PUT"), segment()).map(([method, id]) => ({ method, path: `/api/v1/runs/${id}/metadata` })),
    segment().map((id) => ({ method: "GET", path: `/api/v3/runs/${id}` })),
    segment().map((id) => ({ method: "POST", path: `/api/v2/runs/${id}/cancel` })),
  );
  const packetRoutes = fc.oneof(
    fc.tuple(fc.constantFrom("GET", "PUT"), fc.oneof(fc.constant(encodeURIComponent(world.offloadedPath)), segment())).map(([method, path]) => ({ method, path: `/api/v1/packets/${path}` })),
    fc.tuple(segment(), fc.constantFrom("payload", "output", "x")).map(([id, field]) => ({ method: "GET", path: `/api/v1/runs/${id}/packets/${field}` })),
    segment().map((path) => ({ method: "PUT", path: `/api/v2/packets/${path}` })),
    fc.tuple(fc.constantFrom("GET", "PUT"), fc.oneof(fc.constant(encodeURIComponent(world.offloadedPath)), segment()), fc.record({ signature: printable, expires: fc.oneof(printable, fc.integer().map(String)), method: fc.constantFrom("GET", "PUT") }, { requiredKeys: [] })).map(([method, path, params]) => ({ method, path: `/object-store/${path}${query(params)}` })),
  );
  const anything = fc.tuple(fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"), fc.array(segment(), { minLength: 0, maxLength: 5 })).map(([method, parts]) => ({ method, path: `/${parts.join("/")}` }));
  return fc
    .tuple(fc.oneof({ weight: 4, arbitrary: shapeRoutes }, { weight: 3, arbitrary: streamRoutes }, { weight: 4, arbitrary: actionRoutes }, { weight: 2, arbitrary: packetRoutes }, { weight: 1, arbitrary: anything }), extraHeaders, body())
    .map(([route, headers, payload]) => ({ ...route, headers, body: route.method === "HEAD" ? undefined : payload }));
};

// ---------------------------------------------------------------------------------------------
// Oracles

/** Runs an outsider may read: the visible run and runs carrying the visible tag. */
function mayRead(runId: string): boolean {
  const run = server.getRun(runId);
  return run !== undefined && (run.friendlyId === world.visibleRun || run.tags.includes(world.visibleTag));
}

interface Expectation {
  /** 2xx answers are fine (the caller may do this, or the input happened to be valid). */
  allow2xx: boolean;
  /** The caller is an outsider: no secret data may come back. */
  outsider: boolean;
}

function check(property: string, request: FuzzRequest, outcome: Outcome, { allow2xx, outsider }: Expectation): string | undefined {
  tally.cases++;
  tally.byProperty[property] = (tally.byProperty[property] ?? 0) + 1;
  if ("failure" in outcome) {
    if (outcome.failure.startsWith("no complete")) tally.hangs++;
    else tally.resets++;
    return outcome.failure;
  }
  const family = `${Math.floor(outcome.status / 100)}xx`;
  tally.statuses[family] = (tally.statuses[family] ?? 0) + 1;
  if (outcome.status >= 500) {
    tally.serverErrors++;
    return `server error ${outcome.status}: ${outcome.body.slice(0, 200)}`;
  }
  // The server's own runs page and its script are public (the page's token goes only to loopback requests).
  const publicPage = (request.method === "GET" || request.method === "HEAD") && /^\/(\?|$)|^\/_dev\/runs-page\.js(\?|$)/.test(request.path);
  if (outcome.status < 400 && !allow2xx && !publicPage) return `expected a 4xx, got ${outcome.status}: ${outcome.body.slice(0, 200)}`;
  if (outcome.status < 200) return `unexpected status ${outcome.status}`;
  if (!outsider) return undefined;
  const leaked = MARKS.find((mark) => outcome.body.includes(mark)) ?? (outcome.status < 300 ? [world.secretBatch, world.secretWaitpoint, ...world.secretRuns].find((id) => outcome.body.includes(id)) : undefined);
  if (leaked) {
    tally.leaks++;
    return `answer carries secret data (${leaked})`;
  }
  // Shape answers: every row is a run the caller may read.
  if (outcome.status < 300 && request.path.startsWith("/realtime/v1/") && !request.path.startsWith("/realtime/v1/streams/") && request.method === "GET") {
    let messages: Array<{ value?: { friendlyId?: string } }> = [];
    try {
      messages = JSON.parse(outcome.body);
    } catch {
      return "a 2xx shape answer that is not JSON";
    }
    const foreign = messages.map((message) => message.value?.friendlyId).find((id) => id !== undefined && !mayRead(id));
    if (foreign) {
      tally.leaks++;
      return `shape answer carries run ${foreign}`;
    }
  }
  return undefined;
}

async function fire(property: string, request: FuzzRequest, authorization: string | undefined, expectation: Expectation) {
  const headers = { ...request.headers };
  if (authorization !== undefined) headers.authorization = authorization;
  let outcome = await send(request.method, request.path, headers, request.body);
  // A server that answers before reading a request's body (a 401 to a 600 KB upload) may reset
  // the connection while the body is still arriving: TCP, not the server's answer. Once more.
  if ("failure" in outcome && /socket hang up|ECONNRESET|EPIPE/.test(outcome.failure)) {
    tally.retriedResets++;
    outcome = await send(request.method, request.path, headers, request.body);
  }
  const problem = check(property, request, outcome, expectation);
  if (problem) throw new Error(`${request.method} ${request.path.slice(0, 300)} (${authorization?.slice(0, 40) ?? "no auth"}): ${problem}`);
}

const fcOptions = (name: string, numRuns: number) => ({ seed: seedFor(name), numRuns, interruptAfterTimeLimit: 90_000, markInterruptAsFailure: true });

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  const echo = defineTask({ id: "echo", run: (payload: unknown) => payload });
  server = await startDevServer({ port: 0, tasks: [echo], longPollTimeoutMs: 300, keepAliveMs: 200 });
  const [markA, markB, markT, markW] = MARKS as [string, string, string, string];
  world.secretTag = `secret-tag-${seed}`;
  world.visibleTag = `visible-tag-${seed}`;
  const batch = server.createBatch(2);
  world.secretBatch = batch.id;
  const a = server.createRun({ taskIdentifier: "echo", payload: { secret: markA }, metadata: { secret: markA }, batchId: batch.id });
  a.start();
  a.appendStream("text", { secret: markA });
  // An output big enough to be offloaded as an `application/store` packet.
  a.complete({ secret: markA, padding: "p".repeat(200 * 1024) });
  const b = server.createRun({ taskIdentifier: "echo", payload: { secret: markB }, batchId: batch.id });
  b.start();
  b.appendStream("text", markB);
  b.fail(new Error(markB));
  const t = server.createRun({ taskIdentifier: "echo", payload: markT, tags: [world.secretTag], metadata: { secret: markT } });
  t.cancel();
  world.secretRuns = [a.id, b.id, t.id];
  world.offloadedPath = server.getRun(a.id)!.output!.data!;
  expect(server.getRun(a.id)!.output!.dataType).toBe("application/store");

  const visible = server.createRun({ taskIdentifier: "echo", payload: { hello: "visible" }, tags: [world.visibleTag] });
  visible.start();
  visible.appendStream("text", "visible part");
  visible.complete({ ok: true });
  world.visibleRun = visible.id;
  world.finishedRun = visible.id;

  const createWaitpoint = async (mark: string) => {
    const response = await fetch(`${server.url}/api/v1/waitpoints/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.secretKey}`, "content-type": "application/json" },
      body: JSON.stringify({ idempotencyKey: mark }),
    });
    return ((await response.json()) as { id: string }).id;
  };
  world.secretWaitpoint = await createWaitpoint(markW);
  world.visibleWaitpoint = await createWaitpoint(`visible-${seed}`);

  // Real handles, so some requests reach the long-poll and catch-up paths.
  world.handles = [];
  for (const path of [`/realtime/v1/runs/${visible.id}`, `/realtime/v1/runs/${a.id}`, `/realtime/v1/batches/${batch.id}`]) {
    const response = await fetch(`${server.url}${path}?offset=-1`, { headers: { authorization: `Bearer ${server.secretKey}` } });
    await response.text();
    world.handles.push(response.headers.get("electric-handle") ?? "none");
  }

  const key = (text: string) => new TextEncoder().encode(text);
  const sign = (claims: Record<string, unknown>, secret: string, exp: number | string = "1h", alg = "HS256") =>
    new SignJWT(claims).setProtectedHeader({ alg }).setIssuer("https://id.trigger.dev").setAudience("https://api.trigger.dev").setIssuedAt().setExpirationTime(exp).sign(key(secret.padEnd(64, "k")));
  const real = (claims: Record<string, unknown>, exp: number | string = "1h") =>
    new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer("https://id.trigger.dev").setAudience("https://api.trigger.dev").setIssuedAt().setExpirationTime(exp).sign(key(server.secretKey));
  const env = { sub: server.environmentId, pub: true };
  const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ ...env, scopes: ["admin"] })).toString("base64url")}.`;
  world.tokens = {
    secret: `Bearer ${server.secretKey}`,
    scoped: `Bearer ${await server.createPublicToken({ scopes: [`read:runs:${visible.id}`, `read:tags:${world.visibleTag}`, `write:waitpoints:${world.visibleWaitpoint}`, "trigger:tasks:echo"] })}`,
    bad: [
      ["no authorization", undefined],
      ["empty bearer", "Bearer "],
      ["basic auth", `Basic ${Buffer.from("user:pass").toString("base64")}`],
      ["another environment's secret key", "Bearer tr_dev_someone_else"],
      ["the secret key, lowercase scheme", `bearer ${server.secretKey}x`],
      ["forged: wrong key, admin", `Bearer ${await sign({ ...env, scopes: ["admin"] }, "tr_dev_wrong")}`],
      ["forged: wrong key, read:all", `Bearer ${await sign({ ...env, scopes: ["read:all", "write:all"] }, "tr_dev_wrong")}`],
      ["HS512 with the real key", `Bearer ${await sign({ ...env, scopes: ["admin"] }, server.secretKey, "1h", "HS512")}`],
      ["alg none", `Bearer ${none}`],
      ["expired, admin", `Bearer ${await real({ ...env, scopes: ["admin"] }, Math.floor(Date.now() / 1000) - 30)}`],
      ["another environment", `Bearer ${await real({ sub: "env_other", pub: true, scopes: ["admin"] })}`],
      ["not public (pub missing)", `Bearer ${await real({ sub: server.environmentId, scopes: ["admin"] })}`],
      ["truncated signature", `Bearer ${(await server.createPublicToken({ scopes: ["admin"] })).slice(0, -3)}`],
      ["garbage", `Bearer ${"A".repeat(300)}.${"B".repeat(30)}.C`],
    ],
  };
});

afterAll(async () => {
  agent.destroy();
  await server?.close();
  reportFigures("dev server fuzzing (fast-check)", [
    ["cases", tally.cases],
    ...Object.entries(tally.byProperty).map(([name, count]) => [`  ${name}`, count] as [string, number]),
    ["answers by status", Object.entries(tally.statuses).sort().map(([family, count]) => `${family} ${count}`).join(", ")],
    ["5xx answers", tally.serverErrors],
    ["hangs (no answer in 5 s)", tally.hangs],
    ["connections reset mid-upload (sent again)", tally.retriedResets],
    ["connections reset twice", tally.resets],
    ["answers carrying another run's, tag's or batch's data", tally.leaks],
  ]);
});

describe("dev server fuzzing", () => {
  it("bad, forged and expired credentials get a 4xx on every route, with nothing of anyone's data", async () => {
    await fc.assert(
      fc.asyncProperty(routeRequest(), fc.constantFrom(...world.tokens.bad), async (request, [, authorization]) => fire("bad credentials", request, authorization, { allow2xx: false, outsider: true })),
      fcOptions("fuzz-bad-credentials", 1_800),
    );
  });

  it("a token for one run and one tag never reads, nor writes, anything else", async () => {
    const before = JSON.stringify(world.secretRuns.map((id) => server.getRun(id)));
    await fc.assert(
      fc.asyncProperty(routeRequest(), async (request) => fire("wrong scope", request, world.tokens.scoped, { allow2xx: true, outsider: true })),
      fcOptions("fuzz-wrong-scope", 1_800),
    );
    // Nothing it could not write was written: the secret runs are as they were, the secret wait token still waits.
    expect(JSON.stringify(world.secretRuns.map((id) => server.getRun(id)))).toBe(before);
    const completion = await send("POST", `/api/v1/waitpoints/tokens/${world.secretWaitpoint}/complete`, { authorization: world.tokens.scoped, "content-type": "application/json" }, "{}");
    expect("status" in completion && completion.status).toBe(403);
  });

  it("the secret key with bad input never gets a 5xx or a hang", async () => {
    await fc.assert(
      fc.asyncProperty(routeRequest(), async (request) => fire("secret key, bad input", request, world.tokens.secret, { allow2xx: true, outsider: false })),
      fcOptions("fuzz-secret-key", 1_800),
    );
  });

  it("is still serving afterwards: a run goes from trigger to its live feed", async () => {
    const triggered = await fetch(`${server.url}/api/v1/tasks/echo/trigger`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.secretKey}`, "content-type": "application/json" },
      body: JSON.stringify({ payload: JSON.stringify({ after: "fuzz" }), options: { payloadType: "application/json" } }),
    });
    expect(triggered.status).toBe(200);
    const { id } = (await triggered.json()) as { id: string };
    const shape = await fetch(`${server.url}/realtime/v1/runs/${id}?offset=-1`, { headers: { authorization: triggered.headers.get("x-trigger-jwt") ? `Bearer ${triggered.headers.get("x-trigger-jwt")}` : "" } });
    expect(shape.status).toBe(200);
    expect(await shape.text()).toContain(id);
    // Concurrent garbage does not trip it either.
    const sample = fc.sample(routeRequest(), { seed: seedFor("fuzz-burst"), numRuns: 200 });
    await Promise.all(sample.map((request) => fire("concurrent burst", request, world.tokens.bad[5]![1], { allow2xx: false, outsider: true })));
    expect(server.stats().openShapeRequests).toBe(0);
  });
});
