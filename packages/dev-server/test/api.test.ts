import { decodeJwt } from "jose";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { eventually, useDevServer } from "@trigger-realtime/test-support";
import { bearer, shape } from "./support.js";

const dev = useDevServer();

const call = (method: string, path: string, body?: unknown, token: string | undefined = dev.server.secretKey, headers: Record<string, string> = {}) =>
  fetch(`${dev.server.url}${path}`, {
    method,
    headers: { ...bearer(token), "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

const superPayload = (value: unknown) => ({ payload: superjson.stringify(value), options: { payloadType: "application/super+json" } });

describe("POST /api/v1/tasks/:taskId/trigger", () => {
  it("creates a run, stores the superjson payload verbatim and answers with a read token in x-trigger-jwt", async () => {
    const body = { payload: superjson.stringify({ steps: 1, delayMs: 1, when: new Date(0) }), options: { payloadType: "application/super+json", tags: ["t1", "t2"], metadata: { source: "test" } } };
    const response = await call("POST", "/api/v1/tasks/progress/trigger", body);
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toEqual({ id: expect.stringMatching(/^run_[a-z0-9]+$/), isCached: false });
    const jwt = response.headers.get("x-trigger-jwt")!;
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ sub: dev.server.environmentId, pub: true, scopes: [`read:runs:${answer.id}`, `write:inputStreams:${answer.id}`], iss: "https://id.trigger.dev", aud: "https://api.trigger.dev" });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(JSON.parse(response.headers.get("x-trigger-jwt-claims")!)).toEqual({ sub: dev.server.environmentId, pub: true, scopes: claims.scopes });

    const row = (await shape(`${dev.server.url}/realtime/v1/runs/${answer.id}?offset=-1`, jwt)).body[0].value;
    expect(row.payload).toBe(body.payload);
    expect(row.payloadType).toBe("application/super+json");
    // Postgres text, as Electric sends it: array elements quoted only when they must be.
    expect(row.runTags).toBe("{t1,t2}");
    expect(JSON.parse(row.metadata)).toMatchObject({ source: "test" });
    await eventually(() => dev.server.getRun(answer.id)?.status === "COMPLETED_SUCCESSFULLY", 5000, "the run to complete");
  });

  it("answers browsers: preflight, then an answer that exposes x-trigger-jwt and its claims", async () => {
    const preflight = await fetch(`${dev.server.url}/api/v1/tasks/progress/trigger`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type,x-trigger-client" },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization,content-type,x-trigger-client");
    const token = await dev.server.createPublicToken({ scopes: ["trigger:tasks:progress"] });
    const response = await call("POST", "/api/v1/tasks/progress/trigger", superPayload({ steps: 1, delayMs: 1 }), token, { origin: "http://localhost:5173", "x-trigger-client": "browser" });
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("vary")).toBe("Origin");
    const exposed = response.headers.get("access-control-expose-headers")!.split(",");
    expect(exposed).toEqual(expect.arrayContaining(["x-trigger-jwt", "x-trigger-jwt-claims"]));
    const refused = await call("POST", "/api/v1/tasks/progress/trigger", "{}", "", { origin: "http://localhost:5173" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });

  it("passes the caller's realtime claim on to the run's token", async () => {
    const token = await dev.server.createPublicToken({ scopes: ["trigger:tasks:progress"], realtime: { skipColumns: ["payload"] } });
    const response = await call("POST", "/api/v1/tasks/progress/trigger", superPayload({ steps: 1, delayMs: 1 }), token);
    expect(decodeJwt(response.headers.get("x-trigger-jwt")!).realtime).toEqual({ skipColumns: ["payload"] });
  });

  it("returns the same run for the same idempotency key, marked isCached", async () => {
    const key = `key-${Math.random()}`;
    const first = await (await call("POST", "/api/v1/tasks/progress/trigger", { ...superPayload({ steps: 1, delayMs: 1 }), options: { payloadType: "application/super+json", idempotencyKey: key } })).json();
    const second = await (await call("POST", "/api/v1/tasks/progress/trigger", { ...superPayload({ steps: 1, delayMs: 1 }), options: { payloadType: "application/super+json", idempotencyKey: key } })).json();
    expect(second).toEqual({ id: first.id, isCached: true });
    const otherTask = await (await call("POST", "/api/v1/tasks/fail/trigger", { options: { idempotencyKey: key } })).json();
    expect(otherTask.id).not.toBe(first.id);
  });

  it("keeps a delayed run DELAYED until its time, then runs it", async () => {
    const { id } = await (await call("POST", "/api/v1/tasks/progress/trigger", { ...superPayload({ steps: 1, delayMs: 1 }), options: { payloadType: "application/super+json", delay: "1s" } })).json();
    const run = dev.server.getRun(id)!;
    expect(run.status).toBe("DELAYED");
    expect(run.delayUntil! - run.createdAt).toBeGreaterThanOrEqual(990);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(dev.server.getRun(id)!.status).toBe("DELAYED");
    await eventually(() => dev.server.getRun(id)!.status === "COMPLETED_SUCCESSFULLY", 5000, "the delayed run to complete");
  });

  it("accepts text and absent payloads", async () => {
    const text = await (await call("POST", "/api/v1/tasks/fail/trigger", { payload: "hello", options: { payloadType: "text/plain" } })).json();
    expect(dev.server.getRun(text.id)!.payload).toEqual({ data: "hello", dataType: "text/plain" });
    const none = await (await call("POST", "/api/v1/tasks/fail/trigger", { options: {} })).json();
    expect(dev.server.getRun(none.id)!.payload).toEqual({ data: undefined, dataType: "application/json" });
  });

  it("answers bad requests like Trigger.dev", async () => {
    const path = "/api/v1/tasks/progress/trigger";
    const expectError = async (response: Response, status: number, error?: string) => {
      expect(response.status).toBe(status);
      const body = await response.json();
      if (error) expect(body).toEqual({ error });
      else expect(typeof body.error).toBe("string");
    };
    await expectError(await call("POST", path, "{broken"), 400, "Invalid JSON");
    await expectError(await call("POST", path, ""), 400, "Request body is empty");
    await expectError(await call("POST", path, "[1,2]"), 400);
    await expectError(await call("POST", path, { options: "nope" }), 400);
    await expectError(await call("POST", "/api/v1/tasks/nope/trigger", {}), 404, "Task not found");
    await expectError(await call("POST", path, { options: { tags: [""] } }), 422);
    await expectError(await call("POST", path, { options: { tags: Array.from({ length: 11 }, (_, index) => `t${index}`) } }), 422);
    await expectError(await call("POST", path, { options: { metadata: "not json" } }), 422);
    await expectError(await call("POST", path, { options: { metadata: [1] } }), 422);
    await expectError(await call("POST", path, { options: { delay: "soon" } }), 422);
    await expectError(await call("POST", path, { options: { payloadType: "application/store" } }), 422);
    await expectError(await call("POST", path, { payload: "x".repeat(3 * 1024 * 1024) }), 413, "Request body too large");
    await expectError(await call("GET", path), 405);
    await expectError(await call("POST", "/api/v1/nowhere", {}), 404, "Not found");
    // A chunked body announces no length: Trigger.dev's JSON routes refuse it.
    const chunked = await fetch(`${dev.server.url}${path}`, {
      method: "POST",
      headers: { ...bearer(dev.server.secretKey), "content-type": "application/json" },
      body: new Blob(["{}"]).stream(),
      duplex: "half",
    } as RequestInit);
    await expectError(chunked, 413, "Request body too large");
  });
});

describe("batches", () => {
  it("trigger every item of a legacy one-shot batch and hand back a batch token", async () => {
    const response = await call("POST", "/api/v2/tasks/batch", { items: [{ task: "progress", ...superPayload({ steps: 1, delayMs: 1 }) }, { task: "fail", payload: '{"delayMs":1}', options: { payloadType: "application/json" } }] });
    expect(response.status).toBe(202);
    const answer = await response.json();
    // As Cloud: no list of runs; clients learn them from the batch feed.
    expect(answer).toEqual({ id: expect.stringMatching(/^batch_/), isCached: false, runCount: 2 });
    expect(decodeJwt(response.headers.get("x-trigger-jwt")!).scopes).toEqual([`read:batch:${answer.id}`]);
    const rows = (await shape(`${dev.server.url}/realtime/v1/batches/${answer.id}?offset=-1`, response.headers.get("x-trigger-jwt")!)).body;
    expect(rows.filter((message: { value?: unknown }) => message.value)).toHaveLength(2);
  });

  it("check every item before creating any run", async () => {
    const tag = `batch-check-${Math.random().toString(36).slice(2)}`;
    const item = (task: string) => ({ task, payload: '{"steps":1,"delayMs":1}', options: { payloadType: "application/json", tags: [tag] } });
    expect((await call("POST", "/api/v2/tasks/batch", { items: [item("progress"), item("missing")] })).status).toBe(404);
    expect((await call("POST", "/api/v2/tasks/batch", { items: [item("progress"), { ...item("progress"), options: { tags: [""] } }] })).status).toBe(422);
    const narrow = await dev.server.createPublicToken({ scopes: ["batchTrigger:tasks:progress"] });
    expect((await call("POST", "/api/v2/tasks/batch", { items: [item("progress"), item("fail")] }, narrow)).status).toBe(403);
    expect((await call("POST", "/api/v2/tasks/batch", { items: [] })).status).toBe(400);
    expect((await call("POST", "/api/v2/tasks/batch", { items: Array.from({ length: 501 }, () => item("progress")) })).status).toBe(400);
    const feed = await shape(`${dev.server.url}/realtime/v1/runs?tags=${tag}&offset=-1`, dev.readToken);
    expect(feed.body).toEqual([{ headers: { control: "up-to-date", global_last_seen_lsn: expect.any(String) } }]);
  });

  it("run the two-phase batch: create, stream NDJSON items (deduplicated by index), sealed when complete", async () => {
    const created = await call("POST", "/api/v3/batches", { runCount: 2, taskIdentifiers: ["progress"] });
    expect(created.status).toBe(202);
    const batch = await created.json();
    expect(batch).toEqual({ id: expect.stringMatching(/^batch_/), runCount: 2, isCached: false });
    expect(decodeJwt(created.headers.get("x-trigger-jwt")!).scopes).toEqual([`read:batch:${batch.id}`]);
    const line = (index: number) => JSON.stringify({ index, task: "progress", ...superPayload({ steps: 1, delayMs: 1 }) });
    const items = (body: string) => call("POST", `/api/v3/batches/${batch.id}/items`, body, dev.server.secretKey, { "content-type": "application/x-ndjson" });
    expect(await (await items(`${line(0)}\n`)).json()).toEqual({ id: batch.id, itemsAccepted: 1, itemsDeduplicated: 0, sealed: false, enqueuedCount: 1, expectedCount: 2 });
    expect(await (await items(`${line(0)}\n${line(1)}\n`)).json()).toEqual({ id: batch.id, itemsAccepted: 1, itemsDeduplicated: 1, sealed: true, enqueuedCount: 2, expectedCount: 2 });
    expect(dev.server.getRun((await shape(`${dev.server.url}/realtime/v1/batches/${batch.id}?offset=-1`, dev.readToken)).body[0].value.friendlyId)).toBeDefined();
    expect((await call("POST", `/api/v3/batches/${batch.id}/items`, line(0))).status).toBe(415);
    const beyond = await items(`${JSON.stringify({ index: 5, task: "progress" })}\n`);
    expect(beyond.status).toBe(422);
    expect(await beyond.json()).toEqual({ error: "Item index 5 exceeds batch runCount 2" });
    expect((await items("not json\n")).status).toBe(400);
    const missing = await call("POST", "/api/v3/batches/batch_missing/items", line(0), dev.server.secretKey, { "content-type": "application/x-ndjson" });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ error: "Batch batch_missing not found" });
    // NDJSON under its other name is accepted too.
    expect((await call("POST", `/api/v3/batches/${batch.id}/items`, `${line(1)}\n`, dev.server.secretKey, { "content-type": "application/ndjson" })).status).toBe(200);
  });

  it("reuse a two-phase batch with the same idempotency key and check batchTrigger scopes", async () => {
    const key = `batch-${Math.random()}`;
    const first = await (await call("POST", "/api/v3/batches", { runCount: 1, idempotencyKey: key })).json();
    const again = await call("POST", "/api/v3/batches", { runCount: 1, idempotencyKey: key });
    // As Cloud answers a batch found by its idempotency key: 200, without the key.
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: first.id, runCount: 1, isCached: true });
    const token = await dev.server.createPublicToken({ scopes: ["batchTrigger:tasks:progress"] });
    const browser = await call("POST", "/api/v3/batches", { runCount: 1, taskIdentifiers: ["progress"] }, token, { "x-trigger-client": "browser" });
    expect(browser.status).toBe(202);
    const { id } = await browser.json();
    // A token for some tasks gets to read the batch only; it sends its items itself.
    expect(decodeJwt(browser.headers.get("x-trigger-jwt")!).scopes).toEqual([`read:batch:${id}`]);
    const everyTask = await dev.server.createPublicToken({ scopes: ["batchTrigger:tasks"] });
    const delegated = await call("POST", "/api/v3/batches", { runCount: 1, taskIdentifiers: ["progress"] }, everyTask, { "x-trigger-client": "browser" });
    const { id: delegatedId } = await delegated.json();
    expect(decodeJwt(delegated.headers.get("x-trigger-jwt")!).scopes).toEqual([`read:batch:${delegatedId}`, `write:batch:${delegatedId}`]);
    expect((await call("POST", "/api/v3/batches", { runCount: 1, taskIdentifiers: ["fail"] }, token)).status).toBe(403);
    expect((await call("POST", "/api/v3/batches", { runCount: 0 })).status).toBe(400);
    expect((await call("POST", "/api/v3/batches", { runCount: 1001 })).status).toBe(400);
  });
});

describe("wait tokens", () => {
  it("are created by the backend with a write token and complete a waiting run once", async () => {
    const { id } = await dev.server.trigger("approval", { question: "Ship it?" });
    const waitpointId = await eventually(() => dev.server.getRun(id)?.metadata?.waitpointId as string | undefined, 5000, "the wait token");
    expect(dev.server.getRun(id)!.status).toBe("WAITING_TO_RESUME");
    const token = dev.server.getRun(id)!.metadata!.waitpointToken as string;
    expect(decodeJwt(token).scopes).toEqual([`write:waitpoints:${waitpointId}`]);
    const complete = (tokenToUse: string, body: unknown = { data: { approved: true } }) => call("POST", `/api/v1/waitpoints/tokens/${waitpointId}/complete`, body, tokenToUse);
    expect((await complete(await dev.server.createPublicToken({ scopes: ["write:waitpoints:waitpoint_other"] }))).status).toBe(403);
    expect((await complete(dev.readToken)).status).toBe(403);
    expect(await (await complete(token)).json()).toEqual({ success: true });
    expect(await (await complete(token, { data: { approved: false } })).json()).toEqual({ success: true });
    await eventually(() => dev.server.getRun(id)!.status === "COMPLETED_SUCCESSFULLY", 5000, "the approval run to finish");
    expect(dev.server.getRun(id)!.output?.data).toContain('"approved":true');
  });

  it("answer the create route with an id, a callback url and a 24 h token", async () => {
    const response = await call("POST", "/api/v1/waitpoints/tokens", { timeout: "1h", idempotencyKey: "same" });
    const body = await response.json();
    expect(body).toEqual({ id: expect.stringMatching(/^waitpoint_/), isCached: false, url: expect.stringContaining(`/api/v1/waitpoints/tokens/${body.id}/callback/`) });
    const claims = decodeJwt(response.headers.get("x-trigger-jwt")!);
    expect(claims.scopes).toEqual([`write:waitpoints:${body.id}`]);
    expect(claims.exp! - claims.iat!).toBe(24 * 3600);
    expect(JSON.parse(response.headers.get("x-trigger-jwt-claims")!)).toEqual({ sub: dev.server.environmentId, pub: true });
    expect(await (await call("POST", "/api/v1/waitpoints/tokens", { idempotencyKey: "same" })).json()).toMatchObject({ id: body.id, isCached: true });
    const callback = await fetch(body.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ via: "callback" }) });
    expect(await callback.json()).toEqual({ success: true });
    const forged = await fetch(body.url.replace(/[0-9a-f]{64}$/, "0".repeat(64)), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(forged.status).toBe(401);
  });

  it("time out: the waiting task gets an error and the run fails", async () => {
    const { id } = await dev.server.trigger("approval", { timeout: "1s" });
    await eventually(() => dev.server.getRun(id)!.status === "COMPLETED_WITH_ERRORS", 5000, "the approval to time out");
    expect(dev.server.getRun(id)!.error).toMatchObject({ type: "BUILT_IN_ERROR", message: expect.stringContaining("timed out") });
  });

  it("refuse bad bodies and unknown tokens", async () => {
    expect((await call("POST", "/api/v1/waitpoints/tokens", { timeout: 5 })).status).toBe(400);
    expect((await call("POST", "/api/v1/waitpoints/tokens", "x".repeat(11 * 1024))).status).toBe(413);
    const missing = await call("POST", "/api/v1/waitpoints/tokens/waitpoint_missing/complete", { data: 1 });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "Waitpoint not found" });
  });
});

describe("runs API", () => {
  it("updates metadata with whole objects and the SDK's operations, and reads it back", async () => {
    const run = dev.server.createRun({ metadata: { count: 1, list: ["a"] } });
    const put = (body: unknown, token = dev.server.secretKey) => call("PUT", `/api/v1/runs/${run.id}/metadata`, body, token);
    const response = await put({
      operations: [
        { type: "update", value: { count: 1, list: ["a"], extra: 1 } },
        { type: "increment", key: "count", value: 2 },
        { type: "append", key: "list", value: "b" },
        { type: "set", key: "status", value: "ok" },
        { type: "remove", key: "list", value: "a" },
        { type: "delete", key: "extra" },
      ],
    });
    expect(await response.json()).toEqual({ metadata: { count: 3, list: ["b"], status: "ok" } });
    expect((await put({ metadata: { fresh: true } })).status).toBe(200);
    expect(await (await call("GET", `/api/v1/runs/${run.id}/metadata`, undefined, dev.readToken)).json()).toEqual({ metadata: { fresh: true } });
    expect((await put({ operations: [{ type: "explode" }] })).status).toBe(400);
    expect((await put({ metadata: "nope" })).status).toBe(400);
    expect((await put({ metadata: { big: "x".repeat(256 * 1024) } })).status).toBe(413);
    expect((await put({ metadata: { a: 1 } }, dev.readToken)).status).toBe(401);
    expect((await call("PUT", "/api/v1/runs/run_missing/metadata", { metadata: {} })).status).toBe(404);
  });

  it("retrieves a run as runs.retrieve expects it", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual", payload: { a: 1 }, tags: ["x"] });
    run.start();
    run.fail(new TypeError("broken"));
    const response = await call("GET", `/api/v3/runs/${run.id}`, undefined, await dev.server.createPublicToken({ scopes: [`read:runs:${run.id}`] }));
    expect(await response.json()).toMatchObject({
      id: run.id,
      status: "FAILED",
      taskIdentifier: "manual",
      isFailed: true,
      isCompleted: true,
      isSuccess: false,
      tags: ["x"],
      payload: { a: 1 },
      error: { name: "TypeError", message: "broken" },
      relatedRuns: {},
      depth: 0,
      triggerFunction: "trigger",
    });
    expect((await call("GET", `/api/v3/runs/${run.id}`, undefined, await dev.server.createPublicToken({ scopes: ["read:runs:run_other"] }))).status).toBe(403);
    expect((await call("GET", "/api/v3/runs/run_missing")).status).toBe(404);
  });

  it("cancels a run (a task that is running stops), and leaves a finished run alone", async () => {
    const { id } = await dev.server.trigger("progress", { steps: 100, delayMs: 20 });
    await eventually(() => dev.server.getRun(id)!.status === "EXECUTING", 5000, "the run to start");
    expect(await (await call("POST", `/api/v2/runs/${id}/cancel`)).json()).toEqual({ id });
    expect(dev.server.getRun(id)!.status).toBe("CANCELED");
    const step = (dev.server.getRun(id)!.metadata as { step: number }).step;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((dev.server.getRun(id)!.metadata as { step: number }).step).toBe(step);
    expect((await call("POST", `/api/v2/runs/${id}/cancel`)).status).toBe(200);
    expect(dev.server.getRun(id)!.status).toBe("CANCELED");
    expect((await call("POST", `/api/v2/runs/${id}/cancel`, undefined, dev.readToken)).status).toBe(403);
    const missing = await call("POST", "/api/v2/runs/run_missing/cancel");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "Resource not found" });
  });
});
