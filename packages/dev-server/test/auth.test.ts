import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { useDevServer } from "@trigger-realtime/test-support";
import { scopeGrants } from "../src/auth.js";
import { bearer } from "./support.js";

const dev = useDevServer({ server: { secretKey: "tr_dev_auth_tests", environmentId: "env_auth_tests" } });

const sign = (claims: Record<string, unknown>, { key = dev.server.secretKey, issuer = "https://id.trigger.dev", audience = "https://api.trigger.dev", expires = "1h" as string | number } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime(expires).sign(new TextEncoder().encode(key));

const readRun = (runId: string, token: string | undefined) =>
  fetch(`${dev.server.url}/realtime/v1/runs/${runId}?offset=-1`, { headers: bearer(token) });

describe("authentication failures", () => {
  it("answer with Trigger.dev's 401 messages", async () => {
    const run = dev.server.createRun({});
    const cases: Array<[string | undefined, string, Record<string, string>?]> = [
      [undefined, "Invalid or Missing API key"],
      ["tr_dev_someone_else", "Invalid API key"],
      ["not-a-jwt", "Invalid API key"],
      [await sign({ sub: "env_auth_tests", scopes: ["read:all"] }), "Invalid API key"],
      [await sign({ pub: true, scopes: ["read:all"] }), "Invalid Public Access Token"],
      [await sign({ sub: "env_other", pub: true, scopes: ["read:all"] }), "Invalid Public Access Token"],
      [await sign({ sub: "env_auth_tests", pub: true, scopes: ["read:all"] }, { key: "tr_dev_wrong_key" }), "Public Access Token is invalid"],
      [await sign({ sub: "env_auth_tests", pub: true, scopes: ["read:all"] }, { issuer: "https://evil.example" }), "Public Access Token is invalid"],
      [await sign({ sub: "env_auth_tests", pub: true, scopes: ["read:all"] }, { audience: "https://evil.example" }), "Public Access Token is invalid"],
      [await sign({ sub: "env_auth_tests", pub: true, scopes: ["read:all"] }, { expires: Math.floor(Date.now() / 1000) - 5 }), "Public Access Token is invalid"],
    ];
    for (const [token, error] of cases) {
      const response = await readRun(run.id, token);
      expect(response.status, String(token)).toBe(401);
      expect(await response.json(), String(token)).toEqual({ error });
    }
    const basic = await fetch(`${dev.server.url}/realtime/v1/runs/${run.id}?offset=-1`, { headers: { authorization: "Basic abc" } });
    expect(await basic.json()).toEqual({ error: "Invalid or Missing API key" });
  });

  it("refuses an unsigned (alg: none) token", async () => {
    const run = dev.server.createRun({});
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${encode({ alg: "none" })}.${encode({ sub: "env_auth_tests", pub: true, scopes: ["read:all"], iss: "https://id.trigger.dev", aud: "https://api.trigger.dev" })}.`;
    expect(await (await readRun(run.id, unsigned)).json()).toEqual({ error: "Public Access Token is invalid" });
  });

  it("refuse public tokens on backend-only routes", async () => {
    const admin = await dev.server.createPublicToken({ scopes: ["admin"] });
    const post = (path: string) => fetch(`${dev.server.url}${path}`, { method: "POST", headers: { ...bearer(admin), "content-type": "application/json" }, body: "{}" });
    for (const path of ["/api/v1/auth/jwt/claims", "/api/v1/waitpoints/tokens"]) {
      const response = await post(path);
      expect(response.status, path).toBe(401);
      expect(await response.json()).toEqual({ error: "Invalid API key" });
    }
  });
});

describe("scopes", () => {
  it("follow Trigger.dev's grammar", () => {
    const check = (scope: string, action: string, type: string, id?: string) => scopeGrants(scope, action, { type, id });
    expect(check("admin", "read", "runs", "run_1")).toBe(true);
    expect(check("read:all", "read", "batch", "batch_1")).toBe(true);
    expect(check("read:all", "write", "waitpoints", "w")).toBe(false);
    expect(check("*:all", "trigger", "tasks", "t")).toBe(true);
    expect(check("*:runs", "read", "runs", "run_1")).toBe(true);
    expect(check("read:runs", "read", "runs", "run_1")).toBe(true);
    expect(check("read:runs:run_1", "read", "runs", "run_1")).toBe(true);
    expect(check("read:runs:run_1", "read", "runs", "run_2")).toBe(false);
    expect(check("read:runs:run_1", "read", "runs")).toBe(false);
    expect(check("read:tags:env:prod", "read", "tags", "env:prod")).toBe(true);
    expect(check("write:tasks:t", "trigger", "tasks", "t")).toBe(true);
    expect(check("write:tasks:t", "batchTrigger", "tasks", "t")).toBe(true);
    expect(check("trigger:tasks:t", "batchTrigger", "tasks", "t")).toBe(false);
    expect(check("trigger:tasks:t", "write", "tasks", "t")).toBe(false);
    expect(check("read", "read", "runs")).toBe(false);
    expect(check("", "read", "runs")).toBe(false);
  });

  it("let a run be read through its id, task, tags or batch, and nothing else", async () => {
    const batch = dev.server.createBatch(1);
    const run = dev.server.createRun({ taskIdentifier: "scoped-task", tags: ["org:1", "user:2"], batchId: batch.id });
    const allowed = [
      [`read:runs:${run.id}`],
      ["read:tasks:scoped-task"],
      ["read:tags:user:2"],
      [`read:batch:${batch.id}`],
      ["read:runs"],
      ["read:all"],
      ["admin"],
      ["*:runs"],
      ["write:runs", `read:runs:${run.id}`],
    ];
    for (const scopes of allowed) expect((await readRun(run.id, await dev.server.createPublicToken({ scopes }))).status, scopes.join()).toBe(200);
    const denied = [[], ["read:runs:run_other"], ["read:tasks:other"], ["read:tags:user:3"], ["write:runs"], ["read:batch:batch_other"], ["readruns"]];
    for (const scopes of denied) {
      const response = await readRun(run.id, await dev.server.createPublicToken({ scopes }));
      expect(response.status, scopes.join()).toBe(403);
      expect(await response.json()).toEqual({ error: "Unauthorized", code: "unauthorized", param: "access_token", type: "authorization" });
    }
    const noScopes = await sign({ sub: "env_auth_tests", pub: true, scopes: "read:all" });
    expect((await readRun(run.id, noScopes)).status).toBe(403);
  });

  it("accept the SDK's object form of scopes", async () => {
    const run = dev.server.createRun({ tags: ["obj"] });
    for (const scopes of [{ read: { runs: [run.id] } }, { read: { tags: "obj" } }, { read: { runs: true } }]) {
      expect((await readRun(run.id, await dev.server.createPublicToken({ scopes }))).status, JSON.stringify(scopes)).toBe(200);
    }
    expect((await readRun(run.id, await dev.server.createPublicToken({ scopes: { write: { runs: true } } }))).status).toBe(403);
  });

  it("work with tokens minted as auth.createPublicToken does (claims route, then signing with the secret key)", async () => {
    const claims = await fetch(`${dev.server.url}/api/v1/auth/jwt/claims`, { method: "POST", headers: bearer(dev.server.secretKey) });
    expect(await claims.json()).toEqual({ sub: "env_auth_tests", pub: true });
    const run = dev.server.createRun({});
    expect((await readRun(run.id, await sign({ sub: "env_auth_tests", pub: true, scopes: [`read:runs:${run.id}`] }))).status).toBe(200);
  });
});

describe("one-time trigger tokens", () => {
  const trigger = (token: string, task = "progress") =>
    fetch(`${dev.server.url}/api/v1/tasks/${task}/trigger`, {
      method: "POST",
      headers: { ...bearer(token), "content-type": "application/json" },
      body: JSON.stringify({ payload: '{"json":{"steps":1,"delayMs":1}}', options: { payloadType: "application/super+json" } }),
    });

  it("trigger once; a second use is refused with 422", async () => {
    const token = await dev.server.createPublicToken({ scopes: ["trigger:tasks:progress"], oneTimeUse: true });
    expect((await trigger(token)).status).toBe(200);
    const again = await trigger(token);
    expect(again.status).toBe(422);
    expect(await again.json()).toEqual({ error: "Cannot trigger progress with a one-time use token as it has already been used." });
  });

  it("are not used up by a refused trigger", async () => {
    const token = await dev.server.createPublicToken({ scopes: ["trigger:tasks:missing", "trigger:tasks:progress"], oneTimeUse: true });
    expect((await trigger(token, "missing")).status).toBe(404);
    expect((await trigger(token)).status).toBe(200);
  });

  it("may be used many times without otu", async () => {
    const token = await dev.server.createPublicToken({ scopes: ["trigger:tasks:progress"] });
    for (let attempt = 0; attempt < 3; attempt++) expect((await trigger(token)).status).toBe(200);
  });

  it("need the task's trigger (or write) scope", async () => {
    expect((await trigger(await dev.server.createPublicToken({ scopes: ["write:tasks:progress"] }))).status).toBe(200);
    expect((await trigger(await dev.server.createPublicToken({ scopes: ["trigger:tasks"] }))).status).toBe(200);
    expect((await trigger(await dev.server.createPublicToken({ scopes: ["trigger:tasks:fail"] }))).status).toBe(403);
    expect((await trigger(await dev.server.createPublicToken({ scopes: ["read:tasks:progress"] }))).status).toBe(403);
  });
});
