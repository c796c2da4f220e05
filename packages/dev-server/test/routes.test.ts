import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { startDevServer, type DevServer } from "../src/index.js";

let server: DevServer;
let readAll: string;

beforeAll(async () => {
  server = await startDevServer({ port: 0, offloadThreshold: 1024 });
  readAll = await server.createPublicToken({ scopes: ["read:all"] });
});
afterAll(() => server.close());

const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

const post = (path: string, body: string | undefined, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });

describe("run shapes", () => {
  it("serve a snapshot with Electric headers and encodings", async () => {
    const run = server.createRun({ taskIdentifier: "manual", tags: ["a b", 'q"t'], metadata: { progress: 1 } });
    const response = await get(`/realtime/v1/runs/${run.id}?offset=-1`, readAll, { "x-trigger-electric-version": "1.0.0-beta.1", "x-trigger-api-version": "2025-07-16" });
    expect(response.status).toBe(200);
    expect(response.headers.get("electric-handle")).toMatch(/^run-/);
    expect(response.headers.get("electric-offset")).toMatch(/^\d+_0$/);
    const schema = JSON.parse(response.headers.get("electric-schema")!);
    expect(schema.runTags).toEqual({ type: "text", dims: 1 });
    const body = await response.json();
    expect(body.at(-1)).toEqual({ headers: { control: "up-to-date" } });
    const value = body[0].value;
    expect(value.friendlyId).toBe(run.id);
    expect(value.status).toBe("PENDING");
    expect(value.isTest).toBe("f");
    expect(value.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    expect(value.runTags).toBe('{"a b","q\\"t"}');
    expect(value.realtimeStreams).toBe("{}");
    expect(JSON.parse(value.metadata)).toEqual({ progress: 1 });
  });

  it("answer a live request as soon as the run changes", async () => {
    const run = server.createRun({});
    const first = await get(`/realtime/v1/runs/${run.id}?offset=-1`, readAll);
    const handle = first.headers.get("electric-handle")!;
    const offset = first.headers.get("electric-offset")!;
    const started = Date.now();
    const live = get(`/realtime/v1/runs/${run.id}?offset=${offset}&handle=${handle}&live=true`, readAll);
    setTimeout(() => run.setMetadata({ step: 1 }), 100);
    const response = await live;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(response.headers.get("electric-cursor")).toMatch(/^\d+$/);
    const body = await response.json();
    expect(body[0].headers.operation).toBe("update");
    expect(JSON.parse(body[0].value.metadata)).toEqual({ step: 1 });
  });

  it("answer 409 must-refetch for a handle the server no longer knows", async () => {
    const run = server.createRun({});
    const response = await get(`/realtime/v1/runs/${run.id}?offset=1_0&handle=run-${run.run.id}-00000000~7`, readAll);
    expect(response.status).toBe(409);
    expect(response.headers.get("electric-handle")).toMatch(/^run-/);
    expect(await response.json()).toEqual([{ headers: { control: "must-refetch" } }]);
  });

  it("leave skipped columns out but never the reserved ones", async () => {
    const run = server.createRun({ payload: { a: 1 } });
    const response = await get(`/realtime/v1/runs/${run.id}?offset=-1&skipColumns=payload,status,bogus`, readAll);
    const [insert] = await response.json();
    expect(insert.value).not.toHaveProperty("payload");
    expect(insert.value.status).toBe("PENDING");
  });

  it("reject bad offsets, unknown runs and bad tags", async () => {
    const run = server.createRun({});
    expect((await get(`/realtime/v1/runs/${run.id}?offset=abc`, readAll)).status).toBe(400);
    const missing = await get(`/realtime/v1/runs/run_nope?offset=-1`, readAll);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "Not found" });
    expect((await get(`/realtime/v1/runs?tags=a,,b`, readAll)).status).toBe(400);
    expect((await get(`/realtime/v1/batches/batch_nope`, readAll)).status).toBe(404);
  });
});

describe("auth", () => {
  it("answers every failure with Trigger.dev's status and message", async () => {
    const run = server.createRun({});
    const path = `/realtime/v1/runs/${run.id}?offset=-1`;
    expect(await (await get(path)).json()).toEqual({ error: "Invalid or Missing API key" });
    expect((await get(path, "tr_dev_wrong")).status).toBe(401);
    const expired = await server.createPublicToken({ scopes: ["read:all"], expirationTime: Math.floor(Date.now() / 1000) - 10 });
    expect(await (await get(path, expired)).json()).toEqual({ error: "Public Access Token is invalid" });
    const forged = await new SignJWT({ sub: server.environmentId, pub: true, scopes: ["read:all"] })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("https://id.trigger.dev")
      .setAudience("https://api.trigger.dev")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-secret"));
    expect((await get(path, forged)).status).toBe(401);
    const wrongScope = await server.createPublicToken({ scopes: ["read:runs:run_other"] });
    expect((await get(path, wrongScope)).status).toBe(403);
    const byTask = await server.createPublicToken({ scopes: [`read:tasks:${run.run.taskIdentifier}`] });
    expect((await get(path, byTask)).status).toBe(200);
  });

  it("consumes one-time trigger tokens", async () => {
    const token = await server.createPublicToken({ scopes: ["trigger:tasks:progress"], oneTimeUse: true });
    const body = JSON.stringify({ payload: JSON.stringify({ steps: 1, delayMs: 1 }), options: { payloadType: "application/json" } });
    const first = await post("/api/v1/tasks/progress/trigger", body, token);
    expect(first.status).toBe(200);
    const jwt = first.headers.get("x-trigger-jwt")!;
    expect(JSON.parse(first.headers.get("x-trigger-jwt-claims")!).scopes).toContain(`read:runs:${(await first.json()).id}`);
    expect(jwt.split(".")).toHaveLength(3);
    const second = await post("/api/v1/tasks/progress/trigger", body, token);
    expect(second.status).toBe(422);
    expect((await second.json()).error).toMatch(/one-time use token/);
  });

  it("answers CORS preflights and exposes the headers clients need", async () => {
    const preflight = await fetch(`${server.url}/api/v1/tasks/progress/trigger`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-headers": "authorization,content-type" },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
    const response = await get(`/realtime/v1/runs/${server.createRun({}).id}?offset=-1`, readAll, { origin: "http://localhost:5173" });
    expect(response.headers.get("access-control-expose-headers")).toContain("electric-handle");
    expect(response.headers.get("access-control-expose-headers")).toContain("x-trigger-jwt");
  });
});

describe("bad input", () => {
  it("gets a 4xx JSON error and the server keeps serving", async () => {
    const secret = server.secretKey;
    expect(await (await post("/api/v1/tasks/progress/trigger", "{not json", secret)).json()).toEqual({ error: "Invalid JSON" });
    expect((await post("/api/v1/tasks/progress/trigger", "", secret)).status).toBe(400);
    expect((await post("/api/v1/tasks/nope/trigger", "{}", secret)).status).toBe(404);
    const huge = await post("/api/v1/tasks/progress/trigger", JSON.stringify({ payload: "x".repeat(4 * 1024 * 1024) }), secret);
    expect(huge.status).toBe(413);
    expect((await post("/api/v1/waitpoints/tokens/waitpoint_nope/complete", "{}", secret)).status).toBe(404);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
    expect((await get(`/realtime/v1/streams/run_nope/text`, readAll)).status).toBe(404);
    expect((await get(`/realtime/v1/streams/${server.createRun({}).id}/text`, readAll, { "timeout-seconds": "900" })).status).toBe(400);
    expect((await get(`/realtime/v1/runs/${server.createRun({}).id}?offset=-1`, readAll)).status).toBe(200);
  });
});

describe("wait tokens", () => {
  it("are created with a scoped token and complete a waiting run", async () => {
    const { id } = await server.trigger("approval", { question: "ok?" });
    let waitpointId: string | undefined;
    const deadline = Date.now() + 5000;
    while (!waitpointId && Date.now() < deadline) {
      waitpointId = server.getRun(id)?.metadata?.waitpointId as string | undefined;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(server.getRun(id)?.status).toBe("WAITING_TO_RESUME");
    const token = server.getRun(id)!.metadata!.waitpointToken as string;
    const otherToken = await server.createPublicToken({ scopes: ["write:waitpoints:waitpoint_other"] });
    expect((await post(`/api/v1/waitpoints/tokens/${waitpointId}/complete`, JSON.stringify({ data: { approved: true } }), otherToken)).status).toBe(403);
    const done = await post(`/api/v1/waitpoints/tokens/${waitpointId}/complete`, JSON.stringify({ data: { approved: true } }), token);
    expect(await done.json()).toEqual({ success: true });
    while (server.getRun(id)?.status !== "COMPLETED_SUCCESSFULLY" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(server.getRun(id)?.status).toBe("COMPLETED_SUCCESSFULLY");

    const created = await post("/api/v1/waitpoints/tokens", JSON.stringify({ timeout: "1h" }), server.secretKey);
    expect((await created.json()).id).toMatch(/^waitpoint_/);
    expect(created.headers.get("x-trigger-jwt")).toBeTruthy();
    expect((await post("/api/v1/waitpoints/tokens", "{}", readAll)).status).toBe(401);
  });
});

describe("packets", () => {
  it("offloads big outputs and serves them through the packets route", async () => {
    const run = server.createRun({});
    run.complete({ text: "y".repeat(5000) });
    const shape = await (await get(`/realtime/v1/runs/${run.id}?offset=-1`, readAll)).json();
    expect(shape[0].value.outputType).toBe("application/store");
    const pointer = await (await get(`/api/v1/packets/${encodeURIComponent(shape[0].value.output)}`, readAll)).json();
    const body = await fetch(pointer.presignedUrl);
    expect(body.headers.get("content-type")).toBe("application/super+json");
    expect(JSON.parse(await body.text()).json).toEqual({ text: "y".repeat(5000) });
  });
});

describe("streams", () => {
  it("write through the v1 writer routes and read back as SSE with resumable ids", async () => {
    const run = server.createRun({});
    run.start();
    const secret = { authorization: `Bearer ${server.secretKey}` };
    expect((await fetch(`${server.url}/realtime/v1/streams/${run.id}/self/out`, { method: "PUT", headers: secret })).status).toBe(202);
    await fetch(`${server.url}/realtime/v1/streams/${run.id}/self/out`, { method: "POST", headers: { ...secret, "x-client-id": "abc" }, body: '"one"\n"two"\n' });
    const head = await fetch(`${server.url}/realtime/v1/streams/${run.id}/self/out`, { method: "HEAD", headers: { ...secret, "x-client-id": "abc" } });
    expect(head.headers.get("x-last-chunk-index")).toBe("1");
    await fetch(`${server.url}/realtime/v1/streams/${run.id}/self/out/append`, { method: "POST", headers: secret, body: "three" });
    expect(server.getRun(run.id)!.realtimeStreams).toEqual(["out"]);
    run.complete();
    const text = await (await get(`/realtime/v1/streams/${run.id}/out`, readAll, { "last-event-id": "0" })).text();
    expect(text).toMatch(/^id: \d+-1\ndata: "two"\n\nid: \d+-2\ndata: "three"\n\n$/);
  });
});

describe("metadata updates", () => {
  it("apply the SDK's whole-object and operation updates", async () => {
    const run = server.createRun({ metadata: { count: 1, list: ["a"] } });
    const put = (body: unknown, token = server.secretKey) =>
      fetch(`${server.url}/api/v1/runs/${run.id}/metadata`, { method: "PUT", body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
    const response = await put({
      operations: [
        { type: "increment", key: "count", value: 2 },
        { type: "append", key: "list", value: "b" },
        { type: "set", key: "status", value: "ok" },
      ],
    });
    expect(await response.json()).toEqual({ metadata: { count: 3, list: ["a", "b"], status: "ok" } });
    expect(server.getRun(run.id)!.metadata).toEqual({ count: 3, list: ["a", "b"], status: "ok" });
    expect((await put({ metadata: { fresh: true } })).status).toBe(200);
    expect(server.getRun(run.id)!.metadata).toEqual({ fresh: true });
    expect((await put({ operations: [{ type: "explode" }] })).status).toBe(400);
    expect((await put({ metadata: { a: 1 } }, readAll)).status).toBe(401);
  });
});
