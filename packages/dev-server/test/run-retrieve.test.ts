import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { configure, runs, tasks } from "@trigger.dev/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { eventually, useDevServer } from "@trigger-realtime/test-support";
import { bearer } from "./support.js";

const dev = useDevServer({ server: { offloadThreshold: 2048 } });
beforeAll(() => configure({ baseURL: dev.baseURL, accessToken: dev.server.secretKey }));

// The schema `runs.retrieve()` parses answers with, from the SDK's own `@trigger.dev/core`.
const fromSdk = createRequire(fileURLToPath(import.meta.resolve("@trigger.dev/sdk")));
const { RetrieveRunResponse } = (await import(fromSdk.resolve("@trigger.dev/core/v3"))) as {
  RetrieveRunResponse: { safeParse(value: unknown): { success: boolean; error?: unknown; data?: any } };
};

async function retrieve(runId: string, token = dev.server.secretKey) {
  const response = await fetch(`${dev.baseURL}/api/v3/runs/${runId}`, { headers: bearer(token) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function parsed(body: unknown) {
  const result = RetrieveRunResponse.safeParse(body);
  expect(result.error).toBeUndefined();
  expect(result.success).toBe(true);
  return result.data;
}

const finished = (runId: string) => eventually(() => dev.server.getRun(runId)?.completedAt, 15_000, `run ${runId} to finish`);

describe("GET /api/v3/runs/:id (runs.retrieve)", () => {
  it("answers a completed run in the shape the SDK's schema parses", async () => {
    const handle = await tasks.trigger("progress", { steps: 2, delayMs: 5 }, { tags: ["b-tag", "a-tag"], metadata: { origin: "test" } });
    await finished(handle.id);
    const { status, body } = await retrieve(handle.id);
    expect(status).toBe(200);
    const run = parsed(body);
    expect(run).toMatchObject({
      id: handle.id,
      status: "COMPLETED",
      taskIdentifier: "progress",
      isCompleted: true,
      isSuccess: true,
      isFailed: false,
      isCancelled: false,
      tags: ["a-tag", "b-tag"],
      payload: { steps: 2, delayMs: 5 },
      output: { steps: 2 },
      triggerFunction: "trigger",
      depth: 0,
      attemptCount: 1,
      relatedRuns: { children: [] },
    });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(run.metadata).toMatchObject({ origin: "test", progress: 100 });
  });

  it("sets the flags as Cloud does: a canceled run is completed and failed", async () => {
    const run = dev.server.createRun({});
    run.cancel();
    expect(parsed((await retrieve(run.id)).body)).toMatchObject({ status: "CANCELED", isCompleted: true, isFailed: true, isCancelled: true, isSuccess: false });
    const failed = dev.server.createRun({});
    failed.fail(new Error("boom"));
    expect(parsed((await retrieve(failed.id)).body)).toMatchObject({ status: "FAILED", isCompleted: true, isFailed: true, error: { message: "boom", name: "Error" } });
    const waiting = dev.server.createRun({});
    waiting.start();
    waiting.waiting();
    expect(parsed((await retrieve(waiting.id)).body)).toMatchObject({ status: "WAITING", isWaiting: true, isCompleted: false, isExecuting: false });
  });

  it("hands offloaded payloads out as presigned URLs, which `runs.retrieve` downloads", async () => {
    const big = { text: "x".repeat(4096) };
    const run = dev.server.createRun({ payload: big });
    const { body } = await retrieve(run.id);
    expect(parsed(body).payloadPresignedUrl).toMatch(/^http/);
    expect(body.payload).toBeUndefined();
    expect((await runs.retrieve(run.id)).payload).toEqual(big);
  });

  it("lets a token that may read the run retrieve it, and no other", async () => {
    const run = dev.server.createRun({ taskIdentifier: "scoped", tags: ["mine"] });
    for (const scopes of [[`read:runs:${run.id}`], ["read:tasks:scoped"], ["read:tags:mine"], ["read:all"]]) {
      expect((await retrieve(run.id, await dev.token(scopes))).status, scopes.join()).toBe(200);
    }
    expect((await retrieve(run.id, await dev.token(["read:runs:run_other"]))).status).toBe(403);
    expect((await retrieve("run_missing")).status).toBe(404);
  });
});
