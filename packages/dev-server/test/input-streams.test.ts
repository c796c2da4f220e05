import { configure, streams } from "@trigger.dev/sdk";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, useDevServer } from "@trigger-realtime/test-support";
import { bearer } from "./support.js";

const dev = useDevServer();
beforeAll(() => configure({ baseURL: dev.baseURL, accessToken: dev.server.secretKey }));

const open: Array<() => void> = [];
afterEach(() => {
  for (const stop of open.splice(0)) stop();
});

/** Triggers over HTTP as a backend does; the answer's token may send to the run's input streams. */
async function trigger(task: string, payload: unknown): Promise<{ id: string; token: string }> {
  const response = await fetch(`${dev.baseURL}/api/v1/tasks/${task}/trigger`, {
    method: "POST",
    headers: { ...bearer(dev.server.secretKey), "content-type": "application/json" },
    body: JSON.stringify({ payload: JSON.stringify(payload), options: { payloadType: "application/json" } }),
  });
  expect(response.status).toBe(200);
  const { id } = (await response.json()) as { id: string };
  // A run that outlives the test is canceled, so its task stops.
  open.push(() => {
    if (!dev.server.getRun(id)?.completedAt) dev.server.run(id).cancel();
  });
  return { id, token: response.headers.get("x-trigger-jwt")! };
}

function send(runId: string, streamId: string, token: string | undefined, body: string, headers: Record<string, string> = {}) {
  return fetch(`${dev.baseURL}/realtime/v1/streams/${runId}/input/${streamId}`, {
    method: "POST",
    headers: { ...bearer(token), "content-type": "application/json", ...headers },
    body,
  });
}

const sendData = (runId: string, streamId: string, token: string, data: unknown) => send(runId, streamId, token, JSON.stringify({ data }));

/** The finished run as `runs.retrieve()` reads it. */
async function finishedRun(runId: string): Promise<{ status: string; output: any }> {
  await eventually(() => dev.server.getRun(runId)?.completedAt, 15_000, `run ${runId} to finish`);
  const response = await fetch(`${dev.baseURL}/api/v3/runs/${runId}`, { headers: bearer(dev.server.secretKey) });
  return (await response.json()) as { status: string; output: any };
}

const firstToken = (runId: string) => eventually(() => dev.server.getRun(runId)?.realtimeStreams.includes("text"), 10_000, "the first token");

describe("input streams: POST /realtime/v1/streams/:runId/input/:streamId", () => {
  it("redirects a streamed answer mid-way with the trigger's own token", async () => {
    const run = await trigger("steerable-answer", { prompt: "first", delayMs: 100 });
    await firstToken(run.id);
    const answer = await sendData(run.id, "control", run.token, { type: "redirect", prompt: "second" });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true });
    const { output } = await finishedRun(run.id);
    expect(output.prompts).toEqual(["first", "second"]);
    expect(output.stopped).toBe(false);
    expect(output.text).toContain(' → On "second": ');
    // The first answer was cut short: it never reached its last word.
    expect(output.text.split(" → ")[0]).not.toContain("stop.");
    expect(output.text.endsWith("stop.")).toBe(true);
  });

  it("stops a streamed answer where it is", async () => {
    const run = await trigger("steerable-answer", { prompt: "halt", delayMs: 100 });
    await firstToken(run.id);
    expect((await sendData(run.id, "control", run.token, { type: "stop" })).status).toBe(200);
    const { output } = await finishedRun(run.id);
    expect(output.stopped).toBe(true);
    expect(output.text.length).toBeGreaterThan(0);
    expect(output.text).not.toContain("stop.");
    expect(dev.server.getRun(run.id)!.metadata).toMatchObject({ status: "stopped" });
  });

  it("wakes a run waiting on `wait()`; the run shows WAITING meanwhile", async () => {
    const run = await trigger("steerable-answer", { prompt: "quick", delayMs: 1, awaitFeedback: true });
    await eventually(() => dev.server.getRun(run.id)?.status === "WAITING_TO_RESUME", 10_000, "the run to wait");
    expect((await sendData(run.id, "feedback", run.token, { rating: 5 })).status).toBe(200);
    const { output, status } = await finishedRun(run.id);
    expect(status).toBe("COMPLETED");
    expect(output.feedback).toEqual({ rating: 5 });
  });

  it("keeps what arrives before the task asks for it, for its next `once`/`wait`", async () => {
    // The answer takes ~1 s: the record arrives long before the task waits for it.
    const run = await trigger("steerable-answer", { prompt: "early", delayMs: 50, awaitFeedback: true });
    expect((await sendData(run.id, "feedback", run.token, "sent early")).status).toBe(200);
    expect(dev.server.getRun(run.id)!.metadata?.status).not.toBe("awaiting-feedback");
    const { output } = await finishedRun(run.id);
    expect(output.feedback).toBe("sent early");
  });

  it("is what the official SDK's `streams.input(...).send` calls", async () => {
    const run = await trigger("steerable-answer", { prompt: "sdk", delayMs: 100 });
    await firstToken(run.id);
    await expect(streams.input<{ type: "stop" }>({ id: "control" }).send(run.id, { type: "stop" })).resolves.toBeUndefined();
    expect((await finishedRun(run.id)).output.stopped).toBe(true);
  });

  it("accepts the scopes Cloud accepts and refuses the others before looking at the run", async () => {
    const run = dev.server.createRun({});
    const body = JSON.stringify({ data: 1 });
    for (const scopes of [[`write:inputStreams:${run.id}`], ["write:inputStreams"], ["write:all"], ["admin"]]) {
      const answer = await send(run.id, "s", await dev.token(scopes), body);
      expect(answer.status, scopes.join()).toBe(200);
    }
    for (const scopes of [[`read:runs:${run.id}`], [`write:runs:${run.id}`], ["write:inputStreams:run_other"], [`read:inputStreams:${run.id}`], ["read:all"]]) {
      const answer = await send(run.id, "s", await dev.token(scopes), body);
      expect(answer.status, scopes.join()).toBe(403);
      expect(await answer.json()).toMatchObject({ error: "Unauthorized", code: "unauthorized" });
    }
    expect((await send(run.id, "s", undefined, body)).status).toBe(401);
    // Scopes first: a token for another run learns nothing about this one.
    expect((await send("run_missing", "s", await dev.token(["write:inputStreams:run_other"]), body)).status).toBe(403);
  });

  it("answers bad input with a clear 4xx", async () => {
    const run = dev.server.createRun({});
    const token = await dev.token([`write:inputStreams:${run.id}`, "write:inputStreams:run_missing"]);
    const missing = await send("run_missing", "s", token, JSON.stringify({ data: 1 }));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ ok: false, error: "Run not found" });
    for (const body of ["{not json", "[1,2]", '"text"', ""]) {
      const answer = await send(run.id, "s", token, body);
      expect(answer.status, body).toBe(400);
      expect(await answer.json()).toEqual({ ok: false, error: "Invalid request body" });
    }
    const tooBig = await send(run.id, "s", token, JSON.stringify({ data: "x".repeat(1024 * 1024) }));
    expect(tooBig.status).toBe(413);
    run.complete({ done: true });
    const finished = await send(run.id, "s", token, JSON.stringify({ data: 1 }));
    expect(finished.status).toBe(400);
    expect(await finished.json()).toEqual({ ok: false, error: "Cannot send to input stream on a completed run" });
  });
});
