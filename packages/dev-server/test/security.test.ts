import { request as httpRequest } from "node:http";
import { createRealtimeClient, subscribeToRun } from "@trigger-realtime/core";
import { decodeJwt } from "jose";
import superjson from "superjson";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, unique, useDevServer } from "@trigger-realtime/test-support";
import { defineTask, demoTasks, startDevServer } from "../src/index.js";
import { JSON_DEPTH_LIMIT } from "../src/limits.js";
import { bearer, shape } from "./support.js";

// Hostile input against the dev server: each case is answered as Trigger.dev answers it or
// with a clear 4xx, and after each one the server still serves a legitimate subscription.

const echo = defineTask({ id: "echo", run: (payload: unknown) => payload });
/** Applies metadata operations through the task context, as a task would. */
const metadataOps = defineTask({
  id: "metadata-ops",
  async run(_payload: unknown, ctx) {
    ctx.metadata.set("scalar", "first");
    ctx.metadata.append("scalar", "second");
    ctx.metadata.append("list", { a: 1, b: 2 });
    ctx.metadata.append("list", "keep");
    ctx.metadata.remove("list", { b: 2, a: 1 });
    ctx.metadata.remove("scalarless", "x");
    ctx.metadata.increment("count", 2);
    ctx.metadata.set("$.deep.path", true);
    ctx.metadata.set("gone", 1);
    ctx.metadata.del("gone");
    return "done";
  },
});

const dev = useDevServer({ server: { tasks: [...demoTasks, echo, metadataOps], offloadThreshold: 1024 } });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with any headers (fetch will not send its own `Host`). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string, base = dev.server.url): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const call = (method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${dev.server.url}${path}`, {
    method,
    headers: { ...bearer(token), "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

const ndjson = (batchId: string, token: string, lines: unknown[], headers: Record<string, string> = {}) =>
  call("POST", `/api/v3/batches/${batchId}/items`, token, lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n"), {
    "content-type": "application/x-ndjson",
    ...headers,
  });

/** A 4xx JSON answer with an `error` message. */
async function expectRefused(response: Response, status: number, message?: RegExp) {
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(typeof body.error).toBe("string");
  if (message) expect(body.error).toMatch(message);
}

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

afterEach(async () => {
  // A legitimate trigger and subscription still work.
  const handle = await dev.server.trigger("echo", { hello: "world" });
  const answer = await shape(`${dev.server.url}/realtime/v1/runs/${handle.id}?offset=-1`, handle.publicAccessToken);
  expect(answer.status).toBe(200);
  expect(answer.body[0].value.friendlyId).toBe(handle.id);
});

describe("offloaded packets are bound to their uploader and run", () => {
  const victimPayload = { secret: `SECRET-${"s".repeat(2000)}` };
  const victim = async () => {
    const handle = await dev.server.trigger("echo", victimPayload);
    await eventually(() => dev.server.getRun(handle.id)?.status === "COMPLETED_SUCCESSFULLY", 5000, "the victim run");
    expect(dev.server.getRun(handle.id)!.payload.dataType).toBe("application/store");
    return handle.id;
  };
  const storeTrigger = (path: string) => ({ payload: path, options: { payloadType: "application/store" } });

  it("refuses a trigger whose store path names another run's packet, with a public token or the secret key", async () => {
    const victimId = await victim();
    const attacker = await dev.server.createPublicToken({ scopes: ["trigger:tasks:echo"] });
    for (const field of ["payload", "output"]) {
      await expectRefused(await call("POST", "/api/v1/tasks/echo/trigger", attacker, storeTrigger(`${victimId}/${field}`)), 422);
      await expectRefused(await call("POST", "/api/v1/tasks/echo/trigger", dev.server.secretKey, storeTrigger(`${victimId}/${field}`)), 422, /another run/);
    }
    await expectRefused(await call("POST", "/api/v1/tasks/echo/trigger", dev.server.secretKey, storeTrigger("never/uploaded")), 422, /No uploaded packet/);
  });

  it("refuses the same through batch items (v2 and v3)", async () => {
    const victimId = await victim();
    const attacker = await dev.server.createPublicToken({ scopes: ["batchTrigger:tasks:echo"] });
    const item = { task: "echo", ...storeTrigger(`${victimId}/payload`) };
    await expectRefused(await call("POST", "/api/v2/tasks/batch", attacker, { items: [item] }), 422);
    const created = await call("POST", "/api/v3/batches", attacker, { runCount: 1, taskIdentifiers: ["echo"] });
    const { id } = await created.json();
    await expectRefused(await ndjson(id, attacker, [{ index: 0, ...item }]), 422);
  });

  it("lets an uploaded packet serve one run only, and never replaces a run's packet", async () => {
    const handshake = await (await call("PUT", `/api/v2/packets/${unique("upload")}.json`, dev.server.secretKey)).json();
    const body = superjson.stringify({ padding: "p".repeat(2000) });
    expect((await fetch(handshake.presignedUrl, { method: "PUT", headers: { "content-type": "application/super+json" }, body })).status).toBe(200);
    const twice = { items: [{ task: "echo", ...storeTrigger(handshake.storagePath) }, { task: "echo", ...storeTrigger(handshake.storagePath) }] };
    await expectRefused(await call("POST", "/api/v2/tasks/batch", dev.server.secretKey, twice), 422);
    expect((await call("POST", "/api/v1/tasks/echo/trigger", dev.server.secretKey, storeTrigger(handshake.storagePath))).status).toBe(200);
    await expectRefused(await call("POST", "/api/v1/tasks/echo/trigger", dev.server.secretKey, storeTrigger(handshake.storagePath)), 422, /another run/);
    // Its presigned upload URL cannot swap the content under the run any more.
    await expectRefused(await fetch(handshake.presignedUrl, { method: "PUT", body: "swapped" }), 409);
  });

  it("serves packets by path to the secret key only, and by run to whoever may read the run", async () => {
    const victimId = await victim();
    const reader = await dev.server.createPublicToken({ scopes: [`read:runs:${victimId}`] });
    const other = await dev.server.createPublicToken({ scopes: ["read:runs:run_other"] });
    const byPath = `/api/v1/packets/${encodeURIComponent(`${victimId}/payload`)}`;
    await expectRefused(await call("GET", byPath, reader), 401);
    expect((await call("GET", byPath, dev.server.secretKey)).status).toBe(200);
    expect((await call("GET", `/api/v1/runs/${victimId}/packets/payload`, reader)).status).toBe(200);
    await expectRefused(await call("GET", `/api/v1/runs/${victimId}/packets/payload`, other), 403);
    // The client reads an offloaded payload and output with a token for the run alone.
    for await (const run of subscribeToRun(createRealtimeClient({ baseURL: dev.server.url, accessToken: reader }), victimId)) {
      expect(run.payload).toEqual(victimPayload);
      expect(run.output).toEqual(victimPayload);
      break;
    }
  });
});

describe("deeply nested JSON is refused at the door", () => {
  const deep = nested(10_000);
  const tooDeep = new RegExp(`deeper than ${JSON_DEPTH_LIMIT} levels`);

  it("on every JSON body: trigger, batches, metadata, wait token completion", async () => {
    const run = dev.server.createRun({ taskIdentifier: "echo" });
    const batch = await (await call("POST", "/api/v3/batches", dev.server.secretKey, { runCount: 1 })).json();
    const waitpoint = await (await call("POST", "/api/v1/waitpoints/tokens", dev.server.secretKey, {})).json();
    const bodies: Array<[string, string, string]> = [
      ["POST", "/api/v1/tasks/echo/trigger", `{"payload":${deep}}`],
      ["POST", "/api/v1/tasks/echo/trigger", `{"payload":"x","options":{"metadata":{"a":${deep}}}}`],
      ["POST", "/api/v2/tasks/batch", `{"items":[{"task":"echo","payload":${deep}}]}`],
      ["PUT", `/api/v1/runs/${run.id}/metadata`, `{"metadata":{"a":${deep}}}`],
      ["PUT", `/api/v1/runs/${run.id}/metadata`, `{"operations":[{"type":"set","key":"a","value":${deep}}]}`],
      ["POST", `/api/v1/waitpoints/tokens/${waitpoint.id}/complete`, `{"data":${deep}}`],
    ];
    for (const [method, path, body] of bodies) await expectRefused(await call(method, path, dev.server.secretKey, body), 400, tooDeep);
    await expectRefused(await ndjson(batch.id, dev.server.secretKey, [`{"index":0,"task":"echo","payload":${deep}}`]), 400, tooDeep);
    expect((await call("GET", `/api/v3/runs/${run.id}`, dev.server.secretKey)).status).toBe(200);
  });

  it("in stringified payloads and metadata, and in payloads that would not read back", async () => {
    const trigger = await dev.server.createPublicToken({ scopes: ["trigger:tasks:echo"] });
    const cases: Array<[unknown, RegExp]> = [
      [{ payload: deep, options: { payloadType: "application/json" } }, tooDeep],
      [{ payload: superjson.stringify({ a: JSON.parse(nested(200)) }), options: { payloadType: "application/super+json" } }, tooDeep],
      [{ payload: "{not json", options: { payloadType: "application/json" } }, /not valid application\/json/],
      [{ payload: "x", options: { payloadType: "text/plain", metadata: `{"a":${deep}}`, metadataType: "application/json" } }, tooDeep],
    ];
    for (const [body, message] of cases) {
      const response = await call("POST", "/api/v1/tasks/echo/trigger", trigger, body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect((await response.json()).error).toMatch(message);
    }
    // Within the limit, a nested payload is stored and reads back.
    const fine = await call("POST", "/api/v1/tasks/echo/trigger", trigger, { payload: JSON.stringify(JSON.parse(nested(JSON_DEPTH_LIMIT - 1))), options: { payloadType: "application/json" } });
    expect(fine.status).toBe(200);
    const { id } = await fine.json();
    expect((await call("GET", `/api/v3/runs/${id}`, dev.server.secretKey)).status).toBe(200);
  });
});

describe("one-time tokens are used once", () => {
  const concurrently = (count: number, send: () => Promise<Response>) => Promise.all(Array.from({ length: count }, send)).then((answers) => answers.map((answer) => answer.status).sort());

  it("on /api/v2/tasks/batch, /api/v3/batches and the trigger route, even when sent 20 times at once", async () => {
    // Tokens signed in the same second with the same claims are the same token: a scope tells them apart.
    const token = () => dev.server.createPublicToken({ scopes: ["batchTrigger:tasks:echo", "trigger:tasks:echo", `read:tags:${unique("t")}`], oneTimeUse: true });
    const v2 = await token();
    expect(await concurrently(20, () => call("POST", "/api/v2/tasks/batch", v2, { items: [{ task: "echo", payload: "1" }] }))).toEqual([202, ...Array(19).fill(422)]);
    const v3 = await token();
    expect(await concurrently(20, () => call("POST", "/api/v3/batches", v3, { runCount: 1, taskIdentifiers: ["echo"] }))).toEqual([202, ...Array(19).fill(422)]);
    const single = await token();
    expect(await concurrently(20, () => call("POST", "/api/v1/tasks/echo/trigger", single, { payload: "1" }))).toEqual([200, ...Array(19).fill(422)]);
    await expectRefused(await call("POST", "/api/v3/batches", v3, { runCount: 1, taskIdentifiers: ["echo"] }), 422, /one-time use token as it has already been used/);
  });

  it("are not burnt by a request refused for another reason", async () => {
    const token = await dev.server.createPublicToken({ scopes: ["batchTrigger:tasks:echo", `read:tags:${unique("t")}`], oneTimeUse: true });
    expect((await call("POST", "/api/v2/tasks/batch", token, { items: [{ task: "echo", options: { tags: 5 } }] })).status).toBe(422);
    expect((await call("POST", "/api/v2/tasks/batch", token, { items: [{ task: "echo", payload: '"ok"' }] })).status).toBe(202);
    expect((await call("POST", "/api/v2/tasks/batch", token, { items: [{ task: "echo", payload: '"ok"' }] })).status).toBe(422);
  });
});

describe("batch permissions do not widen", () => {
  it("delegates write:batch only to a credential that may batch-trigger every task, and checks each item against the token", async () => {
    const limited = await dev.server.createPublicToken({ scopes: ["batchTrigger:tasks:echo"] });
    const created = await call("POST", "/api/v3/batches", limited, { runCount: 2, taskIdentifiers: ["echo"] }, { "x-trigger-client": "browser" });
    expect(created.status).toBe(202);
    const { id } = await created.json();
    const delegated = created.headers.get("x-trigger-jwt")!;
    expect(decodeJwt(delegated).scopes).toEqual([`read:batch:${id}`]);
    await expectRefused(await ndjson(id, delegated, [{ index: 0, task: "fail" }]), 403);
    await expectRefused(await ndjson(id, limited, [{ index: 0, task: "fail" }]), 403);
    await expectRefused(await ndjson(id, limited, []), 403);
    expect((await ndjson(id, limited, [{ index: 0, task: "echo", payload: "1" }])).status).toBe(200);
    // Nothing about a batch, not even whether it exists, before the items are authorized.
    await expectRefused(await ndjson("batch_unknown", limited, [{ index: 0, task: "fail" }]), 403);
    await expectRefused(await ndjson("batch_unknown", limited, []), 403);
    await expectRefused(await ndjson("batch_unknown", limited, [{ index: 0, task: "echo" }]), 422);

    const everyTask = await dev.server.createPublicToken({ scopes: ["batchTrigger:tasks"] });
    const broad = await call("POST", "/api/v3/batches", everyTask, { runCount: 1 }, { "x-trigger-client": "browser" });
    const { id: broadId } = await broad.json();
    const writer = broad.headers.get("x-trigger-jwt")!;
    expect(decodeJwt(writer).scopes).toEqual([`read:batch:${broadId}`, `write:batch:${broadId}`]);
    expect((await ndjson(broadId, writer, [{ index: 0, task: "echo", payload: "1" }])).status).toBe(200);
    // That token writes its own batch only.
    await expectRefused(await ndjson(id, writer, [{ index: 1, task: "echo", payload: "1" }]), 403);
  });
});

describe("cancel", () => {
  it("accepts exactly Trigger.dev's scopes: write on the run or its task", async () => {
    const batch = dev.server.createBatch(1);
    const tag = unique("tag");
    const cancel = (runId: string, token: string) => call("POST", `/api/v2/runs/${runId}/cancel`, token);
    const run = () => dev.server.createRun({ taskIdentifier: "echo", tags: [tag], batchId: batch.id });
    const target = run();
    for (const scope of [`write:tags:${tag}`, `write:batch:${batch.id}`, `read:runs:${target.id}`, "write:tasks:other"]) {
      await expectRefused(await cancel(target.id, await dev.server.createPublicToken({ scopes: [scope] })), 403);
    }
    expect(target.run.status).toBe("PENDING");
    for (const scope of [`write:runs:${target.id}`, "write:tasks:echo", "write:runs", "write:all"]) {
      const fresh = scope.startsWith("write:runs:") ? target : run();
      expect((await cancel(fresh.id, await dev.server.createPublicToken({ scopes: [scope] }))).status).toBe(200);
      expect(fresh.run.status).toBe("CANCELED");
    }
  });
});

describe("browsers and other sites", () => {
  it("makes a random secret key at each start unless one is given", async () => {
    const [first, second] = await Promise.all([startDevServer(), startDevServer()]);
    try {
      expect(first.secretKey).toMatch(/^tr_dev_[a-z0-9]{24}$/);
      expect(first.secretKey).not.toBe(second.secretKey);
      expect(first.secretKey).not.toBe("tr_dev_trigger_realtime_local");
      expect((await raw("POST", "/api/v1/auth/jwt/claims", bearer("tr_dev_trigger_realtime_local"), undefined, first.url)).status).toBe(401);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it("answers only requests that name a loopback host or an allowed one (DNS rebinding)", async () => {
    const port = new URL(dev.server.url).port;
    const claims = (host: string, base = dev.server.url) => raw("POST", "/api/v1/auth/jwt/claims", { ...bearer(dev.server.secretKey), host }, undefined, base);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "LOCALHOST", "localhost:1"]) expect((await claims(host)).status, host).toBe(200);
    for (const host of ["evil.example", `evil.example:${port}`, "127.0.0.1.evil.example", "localhost.evil.example:80", "127.0.0.2"]) {
      const answer = await claims(host);
      expect(answer.status, host).toBe(403);
      expect(JSON.parse(answer.body).error).toMatch(/is not allowed/);
    }
    const server = await startDevServer({ allowedHosts: ["devbox"] });
    try {
      expect((await raw("POST", "/api/v1/auth/jwt/claims", { ...bearer(server.secretKey), host: "devbox:3030" }, undefined, server.url)).status).toBe(200);
      expect((await raw("POST", "/api/v1/auth/jwt/claims", { ...bearer(server.secretKey), host: "other" }, undefined, server.url)).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it("lets browsers use public tokens across origins, but never the secret key", async () => {
    const origin = { origin: "https://app.example" };
    const handle = await dev.server.trigger("echo", "hi");
    const preflight = (path: string, method: string) =>
      raw("OPTIONS", path, { ...origin, "access-control-request-method": method, "access-control-request-headers": "authorization,content-type" });

    const allowed = await preflight("/api/v1/tasks/echo/trigger", "POST");
    expect(allowed.status).toBe(200);
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(allowed.headers["access-control-allow-headers"]).toBe("authorization,content-type");
    for (const [path, method] of [
      [`/api/v2/runs/${handle.id}/cancel`, "POST"],
      [`/api/v1/runs/${handle.id}/metadata`, "PUT"],
      [`/realtime/v1/streams/${handle.id}/self/text`, "PUT"],
      ["/api/v1/waitpoints/tokens", "POST"],
      ["/api/v1/auth/jwt/claims", "POST"],
      [`/api/v1/packets/x`, "GET"],
    ] as const) {
      const refused = await preflight(path, method);
      expect(refused.status, path).toBe(403);
      expect(refused.headers["access-control-allow-origin"], path).toBeUndefined();
    }

    const asBrowser = await raw("GET", `/api/v3/runs/${handle.id}`, { ...origin, ...bearer(handle.publicAccessToken) });
    expect(asBrowser.status).toBe(200);
    expect(asBrowser.headers["access-control-allow-origin"]).toBe("https://app.example");
    const withSecret = await raw("GET", `/api/v3/runs/${handle.id}`, { ...origin, ...bearer(dev.server.secretKey) });
    expect(withSecret.status).toBe(403);
    expect(JSON.parse(withSecret.body).error).toMatch(/secret key cannot be used from a browser/);
    // A backend route answers with no CORS headers at all.
    const backend = await raw("POST", "/api/v1/auth/jwt/claims", bearer(dev.server.secretKey));
    expect(backend.status).toBe(200);
    expect(backend.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("metadata operations", () => {
  const operations = [
    { type: "set", key: "scalar", value: "first" },
    { type: "append", key: "scalar", value: "second" },
    { type: "append", key: "list", value: { a: 1, b: 2 } },
    { type: "append", key: "list", value: "keep" },
    { type: "remove", key: "list", value: { b: 2, a: 1 } },
    { type: "remove", key: "scalarless", value: "x" },
    { type: "increment", key: "count", value: 2 },
    { type: "set", key: "$.deep.path", value: true },
    { type: "set", key: "gone", value: 1 },
    { type: "delete", key: "gone" },
  ];
  const expected = { scalar: ["first", "second"], list: ["keep"], count: 2, deep: { path: true } };

  it("have one meaning over HTTP and in a task, as Trigger.dev defines them", async () => {
    const run = dev.server.createRun({ taskIdentifier: "echo" });
    const response = await call("PUT", `/api/v1/runs/${run.id}/metadata`, dev.server.secretKey, { operations });
    expect(await response.json()).toEqual({ metadata: expected });
    const handle = await dev.server.trigger("metadata-ops");
    await eventually(() => dev.server.getRun(handle.id)?.status === "COMPLETED_SUCCESSFULLY", 5000, "the metadata task");
    expect(dev.server.getRun(handle.id)!.metadata).toEqual(expected);
    // `update` replaces the whole object.
    const replaced = await call("PUT", `/api/v1/runs/${run.id}/metadata`, dev.server.secretKey, { operations: [{ type: "update", value: { only: 1 } }] });
    expect(await replaced.json()).toEqual({ metadata: { only: 1 } });
    for (const key of ["__proto__", "$.a.constructor.b", "$.prototype"]) {
      await expectRefused(await call("PUT", `/api/v1/runs/${run.id}/metadata`, dev.server.secretKey, { operations: [{ type: "set", key, value: 1 }] }), 400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("share one size limit", async () => {
    const run = dev.server.createRun({ taskIdentifier: "echo" });
    const big = "x".repeat(256 * 1024);
    await expectRefused(await call("PUT", `/api/v1/runs/${run.id}/metadata`, dev.server.secretKey, { operations: [{ type: "set", key: "big", value: big }] }), 413);
    await expectRefused(await call("PUT", `/api/v1/runs/${run.id}/metadata`, dev.server.secretKey, { metadata: { big } }), 413);
    await expectRefused(await call("POST", "/api/v1/tasks/echo/trigger", dev.server.secretKey, { payload: "x", options: { payloadType: "text/plain", metadata: { big } } }), 413);
    expect(() => run.setMetadata({ big })).toThrow(/exceeds maximum size/);
    expect(run.run.metadata).toBeUndefined();
  });
});
