import { describe, expect, it } from "vitest";
import { eventually, triggerWithInputToken, useDevServer, waitForState } from "@trigger-realtime/test-support";
import { createRealtimeClient, inputStreamSend, RealtimeError } from "../src/index.js";
import { recordStates } from "./support/record-states.js";

const dev = useDevServer();
const clientWith = (accessToken: string) => createRealtimeClient({ baseURL: dev.baseURL, accessToken });

const trigger = (task: string, payload: unknown) => triggerWithInputToken(dev, task, payload);

const output = async (runId: string) => {
  await eventually(() => dev.server.getRun(runId)?.completedAt, 15_000, `run ${runId} to finish`);
  const response = await fetch(`${dev.baseURL}/api/v3/runs/${runId}`, { headers: { authorization: `Bearer ${dev.server.secretKey}` } });
  return ((await response.json()) as { output: any }).output;
};

describe("inputStreamSend", () => {
  it("sends to a running task, moving through isLoading", async () => {
    const run = await trigger("steerable-answer", { prompt: "start", delayMs: 100 });
    await eventually(() => dev.server.getRun(run.id)?.realtimeStreams.includes("text"), 10_000, "the first token");
    const store = inputStreamSend<{ type: "stop" }>(clientWith(run.token), "control", run.id);
    expect(store.get()).toEqual({ isReady: true, isLoading: false, error: undefined });
    const { states, stop } = recordStates(store);
    await expect(store.send({ type: "stop" })).resolves.toEqual({ ok: true });
    stop();
    expect(states.map((state) => state.isLoading)).toEqual([true, false]);
    expect((await output(run.id)).stopped).toBe(true);
  });

  it("wakes a task waiting on `wait()` with the data sent", async () => {
    const run = await trigger("steerable-answer", { prompt: "short", delayMs: 1, awaitFeedback: true });
    await eventually(() => dev.server.getRun(run.id)?.status === "WAITING_TO_RESUME", 10_000, "the run to wait");
    await inputStreamSend(clientWith(run.token), "feedback", run.id).send({ liked: true });
    expect((await output(run.id)).feedback).toEqual({ liked: true });
  });

  it("is not ready without a run id, and rejects with the error in state", async () => {
    const store = inputStreamSend(clientWith(dev.server.secretKey), "control", undefined);
    expect(store.get().isReady).toBe(false);
    await expect(store.send(1)).rejects.toMatchObject({ code: "bad_request" });
    expect(store.get()).toMatchObject({ isLoading: false, error: expect.any(RealtimeError) });
  });

  it("reports the server's refusals: wrong scope, unknown run, finished run", async () => {
    const run = dev.server.createRun({});
    const wrongScope = inputStreamSend(clientWith(await dev.token([`read:runs:${run.id}`])), "s", run.id);
    await expect(wrongScope.send(1)).rejects.toMatchObject({ code: "forbidden", status: 403 });
    const missing = inputStreamSend(clientWith(await dev.token(["write:inputStreams:run_missing"])), "s", "run_missing");
    await expect(missing.send(1)).rejects.toMatchObject({ code: "not_found" });
    run.complete();
    const finished = inputStreamSend(clientWith(await dev.token([`write:inputStreams:${run.id}`])), "s", run.id);
    const error = await finished.send(1).catch((caught: RealtimeError) => caught);
    expect(error).toMatchObject({ code: "bad_request", status: 400 });
    expect((error as Error).message).toContain("Cannot send to input stream on a completed run");
    await waitForState(finished, (state) => state.error === error);
  });
});
