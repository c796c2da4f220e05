import superjson from "superjson";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eventually, useDevServer, waitForState } from "@trigger-realtime/test-support";
import { batchTrigger } from "../src/actions/batch-trigger.js";
import { taskTrigger } from "../src/actions/trigger.js";
import { waitToken } from "../src/actions/wait-token.js";
import { createRealtimeClient, type RealtimeClient } from "../src/client.js";
import { createRunDecoder } from "../src/decode/run.js";
import { RealtimeError } from "../src/errors.js";
import { runRow, shapeRows } from "./actions-shape.js";
import { recordStates } from "./support/record-states.js";

// Every action against the real dev server over HTTP.

const OFFLOAD_THRESHOLD = 4096;

const dev = useDevServer({ server: { offloadThreshold: OFFLOAD_THRESHOLD } });

const clientWith = (accessToken: string, fetch?: typeof globalThis.fetch) => createRealtimeClient({ baseURL: dev.server.url, accessToken, fetch });

/** A client whose requests are observed (the real server still answers them). */
function recordingClient(accessToken: string): { client: RealtimeClient; bodies: unknown[] } {
  const bodies: unknown[] = [];
  const client = clientWith(accessToken, (input, init) => {
    if (typeof init?.body === "string") bodies.push(JSON.parse(init.body));
    return fetch(input, init);
  });
  return { client, bodies };
}

const triggerToken = (task: string, oneTimeUse = false) => dev.server.createPublicToken({ scopes: [`trigger:tasks:${task}`], oneTimeUse });

async function finished(runId: string) {
  await eventually(() => Boolean(dev.server.getRun(runId)?.completedAt), 15_000, `run ${runId} to finish`);
  return createRunDecoder(clientWith(dev.server.secretKey))(await runRow(dev.server.url, dev.server.secretKey, runId));
}

/** Resolves with any rejection nobody handled while `body` ran (there should be none). */
async function unhandledRejectionsDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => void seen.push(reason);
  process.on("unhandledRejection", listener);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off("unhandledRejection", listener);
  }
  return seen;
}

/** Run ids of a batch, from its feed. */
async function batchRunIds(handle: { batchId: string; publicAccessToken: string }): Promise<string[]> {
  const rows = await shapeRows(dev.server.url, handle.publicAccessToken, `/realtime/v1/batches/${handle.batchId}`);
  return rows.map((row) => (row as { friendlyId: string }).friendlyId);
}

describe("taskTrigger", () => {
  it("sends the SDK's headers and retries a lost answer with the same request idempotency key: one run", async () => {
    const keys: string[] = [];
    let attempts = 0;
    const client = clientWith(dev.server.secretKey, async (input, init) => {
      const headers = new Headers(init?.headers);
      keys.push(headers.get("x-trigger-request-idempotency-key")!);
      expect(headers.get("x-trigger-realtime-streams-version")).toBe("v2");
      expect(headers.get("x-trigger-api-version")).toBe("2025-07-16");
      const response = await fetch(input, init);
      // The first attempt reaches the server, but its answer is lost on the way back.
      if (++attempts === 1) throw new TypeError("fetch failed");
      return response;
    });
    const before = dev.server.stats().requests.trigger ?? 0;
    const tag = `retried-${Date.now()}`;
    const handle = await taskTrigger(client, "progress").submit({ steps: 1, delayMs: 1 }, { tags: [tag] });
    expect(attempts).toBe(2);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((dev.server.stats().requests.trigger ?? 0) - before).toBe(2);
    expect(dev.server.getRun(handle.id)!.realtimeStreamsVersion).toBe("v2");
    const tagged = await shapeRows(dev.server.url, dev.server.secretKey, "/realtime/v1/runs", { tags: tag });
    expect(tagged.map((row) => (row as { friendlyId: string }).friendlyId)).toEqual([handle.id]);
    // A second call is a new logical request: a new key and a new run.
    const second = await taskTrigger(clientWith(dev.server.secretKey), "progress").submit({ steps: 1, delayMs: 1 });
    expect(second.id).not.toBe(handle.id);
  });

  it("triggers with a public trigger token and hands back a token that reads the run", async () => {
    const trigger = taskTrigger(clientWith(await triggerToken("progress")), "progress");
    const { states, stop } = recordStates(trigger);
    const at = new Date("2025-03-04T05:06:07.089Z");

    const handle = await trigger.submit({ steps: 1, delayMs: 1, at });
    stop();

    expect(handle.id).toMatch(/^run_/);
    expect(handle.taskIdentifier).toBe("progress");
    expect(handle.isCached).toBe(false);
    expect(handle.publicAccessToken.split(".")).toHaveLength(3);
    expect(states.map(({ isLoading, handle: h, error }) => ({ isLoading, handle: h?.id, error }))).toEqual([
      { isLoading: true, handle: undefined, error: undefined },
      { isLoading: false, handle: handle.id, error: undefined },
    ]);
    expect(trigger.get().handle).toBe(handle);

    // The server stored the superjson payload; the handle's own token can read the run.
    expect(dev.server.getRun(handle.id)?.payload.dataType).toBe("application/super+json");
    const run = await createRunDecoder(clientWith(handle.publicAccessToken))(await runRow(dev.server.url, handle.publicAccessToken, handle.id));
    expect(run.payload).toEqual({ steps: 1, delayMs: 1, at });
    expect(run.payload.at).toBeInstanceOf(Date);
  });

  it("sends strings as text and no payload at all for undefined", async () => {
    const { client, bodies } = recordingClient(dev.server.secretKey);
    const trigger = taskTrigger(client, "progress");
    const text = await trigger.submit("just words" as never);
    const none = await trigger.submit(undefined as never);
    expect(bodies).toEqual([
      { payload: "just words", options: { payloadType: "text/plain" } },
      { options: { payloadType: "application/json" } },
    ]);
    expect(dev.server.getRun(text.id)?.payload).toEqual({ data: "just words", dataType: "text/plain" });
    expect(dev.server.getRun(none.id)?.payload.data).toBeUndefined();
  });

  it("forwards every trigger option on the wire", async () => {
    const { client, bodies } = recordingClient(dev.server.secretKey);
    const delay = new Date(Date.now() + 60_000);
    await taskTrigger(client, "progress").submit(
      { steps: 1, delayMs: 1 },
      {
        queue: "emails",
        concurrency: "per-user",
        concurrencyKey: "user-1",
        idempotencyKey: ["order", "42"],
        idempotencyKeyTTL: "1h",
        delay,
        ttl: "10m",
        tags: ["a", "b"],
        maxAttempts: 3,
        metadata: { source: "test" },
        maxDuration: 60,
        machine: "small-2x",
        priority: 10,
        region: "eu-central-1",
        version: "20250101.1",
        debounce: { key: "k", delay: "5s", mode: "trailing" },
      },
    );
    expect(bodies[0]).toEqual({
      payload: superjson.stringify({ steps: 1, delayMs: 1 }),
      options: {
        payloadType: "application/super+json",
        queue: { name: "emails" },
        concurrency: ["per-user"],
        concurrencyKey: "user-1",
        idempotencyKey: createHash("sha256").update("order-42").digest("hex"),
        idempotencyKeyTTL: "1h",
        delay: delay.toISOString(),
        ttl: "10m",
        tags: ["a", "b"],
        maxAttempts: 3,
        metadata: { source: "test" },
        maxDuration: 60,
        machine: "small-2x",
        priority: 10,
        region: "eu-central-1",
        lockToVersion: "20250101.1",
        debounce: { key: "k", delay: "5s", mode: "trailing" },
      },
    });
  });

  it("applies tags and metadata, and returns the same run for the same idempotency key", async () => {
    // ai-stream adds to the metadata it is given (progress would replace it).
    const trigger = taskTrigger(clientWith(await triggerToken("ai-stream")), "ai-stream");
    const key = `order-${Date.now()}`;
    const payload = { prompt: "hi", delayMs: 1 };
    const first = await trigger.submit(payload, { tags: ["user:1", "plan:pro"], idempotencyKey: key, metadata: { origin: "checkout" } });
    const again = await trigger.submit(payload, { idempotencyKey: key });
    const other = await trigger.submit(payload, { idempotencyKey: `${key}-other` });

    expect(again.id).toBe(first.id);
    expect(again.isCached).toBe(true);
    expect(other.id).not.toBe(first.id);
    const stored = dev.server.getRun(first.id)!;
    // Hashed like the SDK does outside a task, so backend triggers with the same key match.
    expect(stored.idempotencyKey).toBe(createHash("sha256").update(key).digest("hex"));
    const run = await finished(first.id);
    expect(run.tags).toEqual(["user:1", "plan:pro"]);
    expect(run.metadata).toEqual({ origin: "checkout", status: "done" });
  });

  it("puts a reused one-time token's 422 in state and rejects, without an unhandled rejection", async () => {
    const trigger = taskTrigger(clientWith(await triggerToken("progress", true)), "progress");
    const first = await trigger.submit({ steps: 1, delayMs: 1 });
    expect(first.id).toMatch(/^run_/);

    const unhandled = await unhandledRejectionsDuring(async () => {
      void trigger.submit({ steps: 1, delayMs: 1 }); // not awaited on purpose
      await waitForState(trigger, (state) => !state.isLoading && state.error !== undefined);
    });
    expect(unhandled).toEqual([]);

    const { error, handle, isLoading } = trigger.get();
    expect(isLoading).toBe(false);
    expect(handle).toBeUndefined();
    expect(error).toBeInstanceOf(RealtimeError);
    expect(error).toMatchObject({ code: "bad_request", status: 422 });
    expect(error!.message).toContain("Cannot trigger progress with a one-time use token as it has already been used.");

    const rejection = await trigger.submit({ steps: 1, delayMs: 1 }).catch((cause: unknown) => cause);
    expect(rejection).toBeInstanceOf(RealtimeError);
    expect((rejection as RealtimeError).status).toBe(422);
  });

  it("answers a token scoped to another task with a 403 forbidden error", async () => {
    const trigger = taskTrigger(clientWith(await triggerToken("approval")), "progress");
    const error = await trigger.submit({ steps: 1 }).catch((cause: unknown) => cause);
    expect(error).toBeInstanceOf(RealtimeError);
    expect(error).toMatchObject({ code: "forbidden", status: 403 });
    expect(trigger.get().error).toBe(error);
    expect(trigger.get().isLoading).toBe(false);
  });

  it("reports an unknown task and a forged token", async () => {
    const unknown = await taskTrigger(clientWith(dev.server.secretKey), "no-such-task").submit({}).catch((cause: unknown) => cause);
    expect(unknown).toMatchObject({ code: "not_found", status: 404 });
    const forged = await taskTrigger(clientWith("not.a.token"), "progress").submit({}).catch((cause: unknown) => cause);
    expect(forged).toMatchObject({ code: "unauthorized", status: 401 });
  });

  it("rejects more than two concurrency limits before sending anything", async () => {
    const { client, bodies } = recordingClient(dev.server.secretKey);
    const trigger = taskTrigger(client, "progress");
    const error = await trigger.submit({ steps: 1 }, { concurrency: ["a", "b", "c"] }).catch((cause: unknown) => cause);
    expect(error).toMatchObject({ code: "bad_request", message: "The concurrency option accepts at most two named limits" });
    expect(bodies).toEqual([]);
    expect(trigger.get().error).toBe(error);
  });

  it("keeps the state of the latest submit when an older one finishes later", async () => {
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    const client = clientWith(dev.server.secretKey, async (input, init) => {
      const response = await fetch(input, init);
      if (++calls === 1) await firstHeld; // the first answer arrives last
      return response;
    });
    const trigger = taskTrigger(client, "progress");
    const older = trigger.submit({ steps: 1, delayMs: 1 });
    const newer = await trigger.submit({ steps: 1, delayMs: 1 });
    expect(trigger.get()).toMatchObject({ isLoading: false, handle: newer });
    releaseFirst();
    const olderHandle = await older;
    expect(olderHandle.id).not.toBe(newer.id);
    expect(trigger.get().handle).toBe(newer);
  });
});

describe("batchTrigger", () => {
  it("triggers a batch with a batch token and hands back a token that reads the batch", async () => {
    const batch = batchTrigger(clientWith(await dev.server.createPublicToken({ scopes: ["batchTrigger:tasks:progress"] })), "progress");
    const handle = await batch.submit([
      { payload: { steps: 1, delayMs: 1 } },
      { payload: { steps: 2, delayMs: 1 }, options: { tags: ["second"] } },
      { payload: { steps: 3, delayMs: 1 } },
    ]);

    expect(handle.batchId).toMatch(/^batch_/);
    // Only what the server said: run ids come from the batch feed.
    expect(Object.keys(handle).sort()).toEqual(["batchId", "isCached", "publicAccessToken", "runCount"]);
    expect(handle).toMatchObject({ runCount: 3, isCached: false });
    expect(batch.get()).toMatchObject({ handle, isLoading: false, error: undefined });

    const decodeRun = createRunDecoder(clientWith(handle.publicAccessToken));
    const rows = await shapeRows(dev.server.url, handle.publicAccessToken, `/realtime/v1/batches/${handle.batchId}`);
    const runs = await Promise.all(rows.map((row) => decodeRun(row)));
    expect(new Set(runs.map((run) => run.id)).size).toBe(3);
    expect(runs.map((run) => run.payload.steps).sort()).toEqual([1, 2, 3]);
    expect(runs.find((run) => run.payload.steps === 2)!.tags).toEqual(["second"]);
  });

  it("refuses a token that may only trigger single runs of another task", async () => {
    const batch = batchTrigger(clientWith(await dev.server.createPublicToken({ scopes: ["batchTrigger:tasks:approval"] })), "progress");
    const error = await batch.submit([{ payload: { steps: 1 } }]).catch((cause: unknown) => cause);
    expect(error).toMatchObject({ code: "forbidden", status: 403 });
    expect(batch.get()).toMatchObject({ handle: undefined, error, isLoading: false });
  });

  it("passes on the server's message for an empty batch", async () => {
    const error = await batchTrigger(clientWith(dev.server.secretKey), "progress").submit([]).catch((cause: unknown) => cause);
    expect(error).toMatchObject({ code: "bad_request", status: 400 });
    expect((error as Error).message).toContain("runCount must be a positive integer");
  });

  it("uses the two-phase API (create, then NDJSON items) with the SDK's headers, and refuses more than 1,000 items before sending", async () => {
    const requests: Array<{ url: string; headers: Headers; body: string }> = [];
    const client = clientWith(dev.server.secretKey, (input, init) => {
      requests.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body) });
      return fetch(input, init);
    });
    const handle = await batchTrigger(client, "progress").submit([{ payload: { steps: 1, delayMs: 1 } }, { payload: { steps: 1, delayMs: 1 } }]);
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual(["/api/v3/batches", `/api/v3/batches/${handle.batchId}/items`]);
    expect(JSON.parse(requests[0]!.body)).toEqual({ runCount: 2, taskIdentifiers: ["progress"] });
    expect(requests[1]!.headers.get("content-type")).toBe("application/x-ndjson");
    expect(requests[1]!.body.trim().split("\n").map((line) => JSON.parse(line).index)).toEqual([0, 1]);
    for (const request of requests) {
      expect(request.headers.get("x-trigger-realtime-streams-version")).toBe("v2");
      expect(request.headers.get("x-trigger-api-version")).toBe("2025-07-16");
      expect(request.headers.get("x-trigger-request-idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(dev.server.getRun((await batchRunIds(handle))[0]!)!.realtimeStreamsVersion).toBe("v2");

    requests.length = 0;
    const tooMany = Array.from({ length: 1001 }, () => ({ payload: { steps: 1 } }));
    const error = await batchTrigger(client, "progress").submit(tooMany).catch((cause: unknown) => cause);
    expect(error).toMatchObject({ code: "bad_request", message: "A batch can have at most 1000 items, not 1001" });
    expect(requests).toEqual([]);
  });
});

describe("waitToken", () => {
  async function waitingApproval() {
    const { id } = await dev.server.trigger("approval", { question: "Ship it?" });
    await eventually(() => dev.server.getRun(id)?.status === "WAITING_TO_RESUME", 10_000, "the approval run to wait");
    const row = await runRow(dev.server.url, dev.server.secretKey, id);
    const run = await createRunDecoder(clientWith(dev.server.secretKey))(row);
    const { waitpointId, waitpointToken } = run.metadata as { waitpointId: string; waitpointToken: string };
    return { id, run, waitpointId, waitpointToken };
  }

  it("completes the token the approval task waits on, and the run completes with it", async () => {
    const { id, run, waitpointId, waitpointToken } = await waitingApproval();
    expect(run.status).toBe("WAITING");
    expect(waitpointId).toMatch(/^waitpoint_/);

    const token = waitToken<{ approved: boolean }>(clientWith(waitpointToken), waitpointId);
    const { states, stop } = recordStates(token);
    await expect(token.complete({ approved: true })).resolves.toEqual({ success: true });
    stop();
    expect(states).toEqual([
      { isLoading: true, isCompleted: false, error: undefined, isReady: true },
      { isLoading: false, isCompleted: true, error: undefined, isReady: true },
    ]);

    const done = await finished(id);
    expect(done.status).toBe("COMPLETED");
    expect(done.output).toEqual({ approved: true });
    expect(done.metadata).toMatchObject({ decision: "approved" });
  });

  it("refuses a token for another waitpoint, keeping the run waiting", async () => {
    const first = await waitingApproval();
    const second = await waitingApproval();
    const token = waitToken(clientWith(second.waitpointToken), first.waitpointId);
    const unhandled = await unhandledRejectionsDuring(async () => {
      void token.complete({ approved: true });
      await waitForState(token, (state) => state.error !== undefined);
    });
    expect(unhandled).toEqual([]);
    expect(token.get()).toMatchObject({ isLoading: false, isCompleted: false, error: { code: "forbidden", status: 403 } });
    expect(dev.server.getRun(first.id)?.status).toBe("WAITING_TO_RESUME");
    await waitToken(clientWith(dev.server.secretKey), first.waitpointId).complete({ approved: false });
    expect((await finished(first.id)).output).toEqual({ approved: false });
    await waitToken(clientWith(dev.server.secretKey), second.waitpointId).complete({ approved: false });
  });

  it("reports an unknown waitpoint and a missing id", async () => {
    const unknown = await waitToken(clientWith(dev.server.secretKey), "waitpoint_missing").complete({}).catch((cause: unknown) => cause);
    expect(unknown).toMatchObject({ code: "not_found", status: 404 });
    const missing = waitToken(clientWith(dev.server.secretKey), undefined);
    await expect(missing.complete({})).rejects.toMatchObject({ code: "bad_request" });
    expect(missing.get().error).toBeInstanceOf(RealtimeError);
  });
});

describe("offloaded packets", () => {
  it("resolves an application/store payload through the packets route", async () => {
    const payload = { steps: 1, delayMs: 1, notes: "x".repeat(OFFLOAD_THRESHOLD * 2), at: new Date("2025-01-01T00:00:00Z") };
    const handle = await taskTrigger(clientWith(await triggerToken("progress")), "progress").submit(payload);
    const row = await runRow(dev.server.url, handle.publicAccessToken, handle.id);
    expect(row.payloadType).toBe("application/store");
    expect(row.payload).not.toContain("xxxx");

    const packetRequests = dev.server.stats().requests.packet ?? 0;
    const run = await createRunDecoder(clientWith(handle.publicAccessToken))(row);
    expect(run.payload).toEqual(payload);
    expect(run.payload.at).toBeInstanceOf(Date);
    expect((dev.server.stats().requests.packet ?? 0) - packetRequests).toBe(2); // presign + download
  });

  it("downloads a stored packet once per subscription while the row keeps pointing at it", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { small: true } });
    controller.complete({ text: "y".repeat(OFFLOAD_THRESHOLD * 2) });
    const decodeRun = createRunDecoder(clientWith(dev.server.secretKey));
    const before = dev.server.stats().requests.packet ?? 0;
    const first = await decodeRun(await runRow(dev.server.url, dev.server.secretKey, controller.id));
    const second = await decodeRun(await runRow(dev.server.url, dev.server.secretKey, controller.id));
    expect(first.output).toEqual({ text: "y".repeat(OFFLOAD_THRESHOLD * 2) });
    expect(second.output).toBe(first.output);
    expect((dev.server.stats().requests.packet ?? 0) - before).toBe(2);
  });

  it("rejects with the run, the field and the server's answer when the packet is gone", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    controller.complete({ ok: true });
    const row = { ...(await runRow(dev.server.url, dev.server.secretKey, controller.id)), output: "nowhere/output.json", outputType: "application/store" };
    const error = await createRunDecoder(clientWith(dev.server.secretKey))(row).catch((cause: unknown) => cause);
    expect(error).toBeInstanceOf(RealtimeError);
    expect(error).toMatchObject({ code: "not_found", status: 404 });
    expect((error as Error).message).toBe(`Run ${controller.id}: its output (application/store) could not be read: Stored packet nowhere/output.json was not found`);
  });
});
