import {
  batchStore,
  getRealtimeClient,
  RealtimeError,
  runsWithTagStore,
  runStore,
  runWithStreamsStore,
  streamStore,
  type SubscriptionStore,
} from "@trigger-realtime/core";
import { SignJWT } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { expectNoOpenConnections, seedFor, sleep, waitForState } from "@trigger-realtime/test-support";
import { useLab } from "./support/dev.js";
import { reportFigures } from "./support/figures.js";
import type { LoggedRequest } from "./support/fault-proxy.js";

// Tokens that expire while subscribed, that grant another run, that were signed with the
// wrong key: every subscription must end with a clear error, and stop asking. Requests are
// counted at the proxy, per token.

const lab = useLab({ seed: seedFor("auth") });

const figures: Array<[string, string]> = [];
let subscriptionsRefused = 0;
let requestsAfterError = 0;

afterAll(() => {
  reportFigures("auth failures (requests counted at the proxy)", [
    ...figures,
    ["subscriptions refused", subscriptionsRefused],
    ["requests after the error was shown", requestsAfterError],
  ]);
});

const withToken = (token: string) => (request: LoggedRequest) => request.authorization === `Bearer ${token}`;

type AnyStore = SubscriptionStore<{ status: string; error: Error | undefined }>;

/** Waits for the store's error, checks its code, and that no request follows it within `quietMs`. */
async function expectRefused(store: AnyStore, token: string, code: string, quietMs = 1_500): Promise<{ requests: number; error: RealtimeError }> {
  const state = await waitForState(store, (s) => s.status === "error", 20_000, `a ${code} error`);
  const error = state.error as RealtimeError;
  expect(error).toBeInstanceOf(RealtimeError);
  expect(error.code).toBe(code);
  expect(error.isFatal).toBe(true);
  const atError = lab.proxy.count(withToken(token));
  const listening = store.listen(() => {});
  await sleep(quietMs);
  listening();
  const after = lab.proxy.count(withToken(token)) - atError;
  requestsAfterError += after;
  expect(after, "requests after the error").toBe(0);
  subscriptionsRefused++;
  return { requests: atError, error };
}

/** A token with the server's claims, signed with another key. */
async function forge(claims: Record<string, unknown>, key = "tr_dev_not_the_real_key", alg = "HS256") {
  return new SignJWT({ sub: lab.server.environmentId, pub: true, ...claims })
    .setProtectedHeader({ alg })
    .setIssuer("https://id.trigger.dev")
    .setAudience("https://api.trigger.dev")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(key.padEnd(64, "x")));
}

describe("a token that expires while subscribed", () => {
  it("ends the run feed with `unauthorized` at its next request, and asks no more", async () => {
    const run = lab.server.createRun({ taskIdentifier: "expiring" });
    const token = await lab.token([`read:runs:${run.id}`], Math.floor(Date.now() / 1000) + 3);
    const store = runStore(lab.client(token), run.id);
    const seen = store.listen(() => {});
    await waitForState(store, (s) => s.status === "live", 20_000);
    run.start();
    await waitForState(store, (s) => s.run?.status === "EXECUTING", 20_000);
    await sleep(3_600);
    // The held long-poll answers with this change; the request after it carries the expired token.
    run.setMetadata({ after: "expiry" });
    const { requests, error } = await expectRefused(store, token, "unauthorized");
    expect(error.message).toMatch(/run_/);
    expect(error.message).toMatch(/invalid|expired/i);
    figures.push(["run feed, token expired while live", `${requests} requests in all, then error`]);
    expect(requests).toBeLessThanOrEqual(6);
    seen();
  });

  it("ends a stream read with `unauthorized` when it reconnects after expiry", async () => {
    const run = lab.server.createRun({ taskIdentifier: "expiring-stream" });
    run.start();
    run.appendStream("text", "first");
    const token = await lab.token([`read:runs:${run.id}`], Math.floor(Date.now() / 1000) + 3);
    const store = streamStore(lab.client(token), run.id, "text");
    const seen = store.listen(() => {});
    await waitForState(store, (s) => s.parts.length === 1, 20_000);
    await sleep(3_600);
    // The connection drops; the reconnect carries the expired token.
    lab.server.dropConnections();
    const { requests } = await expectRefused(store, token, "unauthorized");
    expect(store.get().parts).toEqual(["first"]);
    figures.push(["stream read, token expired, then a drop", `${requests} requests in all, then error`]);
    expect(requests).toBeLessThanOrEqual(3);
    seen();
  });

  it("with refreshAccessToken handing out more dead tokens: one refresh per failure, no storm", async () => {
    const run = lab.server.createRun({ taskIdentifier: "refresh-dead" });
    const expired = await lab.token([`read:runs:${run.id}`], Math.floor(Date.now() / 1000) - 10);
    let refreshes = 0;
    const client = getRealtimeClient({
      baseURL: lab.proxy.url,
      accessToken: expired,
      refreshAccessToken: async () => {
        refreshes++;
        return forge({ scopes: [`read:runs:${run.id}`], n: refreshes });
      },
    });
    const store = runStore(client, run.id);
    const before = lab.proxy.count();
    const state = await waitForState(store, (s) => s.status === "error", 20_000);
    expect((state.error as RealtimeError).code).toBe("unauthorized");
    await sleep(1_500);
    const requests = lab.proxy.count() - before;
    figures.push(["run feed, refresh returns forged tokens", `${requests} requests, ${refreshes} refresh, then error`]);
    expect(refreshes).toBe(1);
    expect(requests).toBe(2);
  });
});

describe("a token for another run, tag or batch", () => {
  it("is refused on every feed with `forbidden`, after one request each", async () => {
    const mine = lab.server.createRun({ taskIdentifier: "mine", tags: ["mine"] });
    const batch = lab.server.createBatch(1);
    const theirs = lab.server.createRun({ taskIdentifier: "theirs", tags: ["theirs"], batchId: batch.id });
    theirs.start();
    theirs.appendStream("text", "secret");
    const token = await lab.token([`read:runs:${mine.id}`, "read:tags:mine", "read:batch:batch_not_theirs"]);
    const client = lab.client(token);
    const stores: Array<[string, AnyStore]> = [
      ["run", runStore(client, theirs.id)],
      ["run with streams", runWithStreamsStore(client, theirs.id)],
      ["stream", streamStore(client, theirs.id, "text")],
      ["tag", runsWithTagStore(client, "theirs")],
      ["batch", batchStore(client, batch.id)],
    ];
    for (const [what, store] of stores) {
      const before = lab.proxy.count(withToken(token));
      const seen = store.listen(() => {});
      const state = await waitForState(store, (s) => s.status === "error", 10_000, `${what} to be refused`);
      seen();
      expect((state.error as RealtimeError).code, what).toBe("forbidden");
      expect(JSON.stringify(store.get())).not.toContain("secret");
      await sleep(300);
      const requests = lab.proxy.count(withToken(token)) - before;
      expect(requests, `${what}: requests`).toBe(1);
      subscriptionsRefused++;
    }
    figures.push(["revoked scope (5 feeds)", "1 request each, then error"]);
    // What the token does grant still works.
    const allowed = await waitForState(runStore(client, mine.id), (s) => s.status === "live", 20_000);
    expect(allowed.run?.id).toBe(mine.id);
  });
});

describe("a forged token", () => {
  it("is refused with `unauthorized` (wrong key, another algorithm, no pub claim, alg none)", async () => {
    const run = lab.server.createRun({ taskIdentifier: "forged", tags: ["forged"] });
    run.start();
    run.appendStream("text", "secret");
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ sub: lab.server.environmentId, pub: true, scopes: ["read:all"], iss: "https://id.trigger.dev", aud: "https://api.trigger.dev" })).toString("base64url");
    const tokens: Array<[string, string]> = [
      ["wrong key", await forge({ scopes: ["read:all"] })],
      ["HS512 with the real key", await forge({ scopes: ["read:all"] }, lab.server.secretKey, "HS512")],
      ["admin scope, wrong key", await forge({ scopes: ["admin"] })],
      ["alg none", `${header}.${payload}.`],
      ["not a JWT", "tr_dev_guessing"],
    ];
    let total = 0;
    for (const [what, token] of tokens) {
      const client = lab.client(token);
      for (const store of [runStore(client, run.id), streamStore(client, run.id, "text"), runsWithTagStore(client, "forged")] as AnyStore[]) {
        const { requests } = await expectRefused(store, token, "unauthorized", 300);
        total += requests;
        expect(JSON.stringify(store.get()), what).not.toContain("secret");
      }
      // One request per feed: 401s are never retried.
      expect(lab.proxy.count(withToken(token)), what).toBe(3);
    }
    figures.push([`forged tokens (${tokens.length} kinds × 3 feeds)`, `${total} requests, 1 per feed`]);
  });

  it("50 subscriptions on an expired token cost 50 requests, not a storm", async () => {
    const runs = Array.from({ length: 50 }, () => lab.server.createRun({ taskIdentifier: "storm" }));
    const token = await lab.token(["read:all"], Math.floor(Date.now() / 1000) - 5);
    const client = lab.client(token);
    const before = lab.server.stats().requests.shape ?? 0;
    const states = await Promise.all(runs.map((run) => waitForState(runStore(client, run.id), (s) => s.status === "error", 20_000)));
    expect(states.every((state) => (state.error as RealtimeError).code === "unauthorized")).toBe(true);
    await sleep(2_000);
    const atProxy = lab.proxy.count(withToken(token));
    const atServer = (lab.server.stats().requests.shape ?? 0) - before;
    figures.push(["50 subscriptions, expired token", `${atProxy} requests at the proxy, ${atServer} at the server`]);
    expect(atProxy).toBe(50);
    expect(atServer).toBe(50);
    await expectNoOpenConnections(lab.server, 8_000);
  });
});
