import { describe, expect, it } from "vitest";
import { eventually, useTeardowns, waitForState, windowsSince } from "@trigger-realtime/test-support";
import { onRunComplete, RealtimeError, runStore, type RunState } from "../src/index.js";
import { useDevServerWithClients } from "./support/server.js";
import { recordStates } from "./support/record-states.js";

const dev = useDevServerWithClients();
const teardown = useTeardowns();

describe("runStore", () => {
  it("follows a run from queued to completed with metadata and output, then closes", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual", payload: { n: 1 }, tags: ["a"] });
    const store = runStore(await dev.client(), run.id);
    const recorded = recordStates(store);
    await waitForState(store, (state) => state.run?.status === "QUEUED");
    run.start();
    await waitForState(store, (state) => state.run?.status === "EXECUTING");
    run.setMetadata({ progress: 50 });
    await waitForState(store, (state) => state.run?.metadata?.progress === 50);
    run.complete({ ok: true });
    const final = await waitForState(store, (state) => state.status === "complete");
    expect(final.run).toMatchObject({ id: run.id, status: "COMPLETED", output: { ok: true }, payload: { n: 1 }, tags: ["a"], isCompleted: true });
    expect(final.isLoading).toBe(false);
    expect(final.error).toBeUndefined();
    await eventually(() => dev.server.stats().openShapeRequests === 0, 5000, "the long-poll to close");
    recorded.stop();
    expect(recorded.states[0]!.status).toBe("connecting");
  });

  it("shares one connection among any number of listeners", async () => {
    const run = dev.server.createRun({});
    const store = runStore(await dev.client(), run.id);
    const before = dev.server.stats().requests.shape ?? 0;
    const unlisteners = Array.from({ length: 50 }, () => teardown(store.listen(() => {})));
    await waitForState(store, (state) => state.status === "live");
    await eventually(() => dev.server.stats().openShapeRequests === 1, 5000, "one long-poll");
    expect(dev.server.stats().openShapeRequests).toBe(1);
    // a snapshot plus one live request: 50 listeners never multiply requests
    expect((dev.server.stats().requests.shape ?? 0) - before).toBe(2);
    for (const unlisten of unlisteners) unlisten();
    await eventually(() => dev.server.stats().openShapeRequests === 0, 5000, "the connection to close after the last listener");
  });

  it("says clearly when the run does not exist", async () => {
    const state = await waitForState(runStore(await dev.client(), "run_doesnotexist"), (s) => s.status === "error");
    expect(state.error).toBeInstanceOf(RealtimeError);
    expect((state.error as RealtimeError).code).toBe("not_found");
    expect(state.error!.message).toContain("run_doesnotexist");
  });

  it("stops with a clear error for an expired token and for a token without the scope", async () => {
    const run = dev.server.createRun({});
    const other = dev.server.createRun({});
    const expired = await dev.server.createPublicToken({ scopes: [`read:runs:${run.id}`], expirationTime: Math.floor(Date.now() / 1000) - 60 });
    const { getRealtimeClient } = await import("../src/index.js");
    const expiredState = await waitForState(runStore(getRealtimeClient({ baseURL: dev.server.url, accessToken: expired }), run.id), (s) => s.status === "error");
    expect((expiredState.error as RealtimeError).code).toBe("unauthorized");
    expect(expiredState.error!.message).toMatch(/invalid/i);

    const scoped = await dev.client([`read:runs:${run.id}`]);
    const forbidden = await waitForState(runStore(scoped, other.id), (s) => s.status === "error");
    expect((forbidden.error as RealtimeError).code).toBe("forbidden");
    const allowed = await waitForState(runStore(scoped, run.id), (s) => s.status === "live");
    expect(allowed.run?.id).toBe(run.id);
  });

  it("carries on with a refreshed token after a 401", async () => {
    const run = dev.server.createRun({});
    const expired = await dev.server.createPublicToken({ scopes: [`read:runs:${run.id}`], expirationTime: Math.floor(Date.now() / 1000) - 60 });
    const { getRealtimeClient } = await import("../src/index.js");
    let refreshes = 0;
    const client = getRealtimeClient({
      baseURL: dev.server.url,
      accessToken: expired,
      refreshAccessToken: async () => {
        refreshes++;
        return dev.server.createPublicToken({ scopes: [`read:runs:${run.id}`] });
      },
    });
    const state = await waitForState(runStore(client, run.id), (s) => s.status === "live");
    expect(state.run?.id).toBe(run.id);
    expect(refreshes).toBe(1);
  });

  it("restarts cleanly after a 409 must-refetch", async () => {
    const run = dev.server.createRun({});
    const store = runStore(await dev.client(), run.id);
    await waitForState(store, (s) => s.status === "live");
    await eventually(() => dev.server.stats().openShapeRequests >= 1, 5000, "live");
    dev.server.rotateShapes();
    run.setMetadata({ after: "rotation" });
    const state = await waitForState(store, (s) => s.run?.metadata?.after === "rotation");
    expect(state.error).toBeUndefined();
    run.complete("done");
    expect((await waitForState(store, (s) => s.status === "complete")).run?.output).toBe("done");
  });

  it("resumes after the connection drops without losing an update", async () => {
    const run = dev.server.createRun({});
    const store = runStore(await dev.client(), run.id);
    await waitForState(store, (s) => s.status === "live");
    await eventually(() => dev.server.stats().openShapeRequests >= 1, 5000, "live");
    dev.server.dropConnections();
    run.setMetadata({ step: "after-drop" });
    const state = await waitForState(store, (s) => s.run?.metadata?.step === "after-drop");
    expect(state.run?.id).toBe(run.id);
  });

  it("turns a malformed row into an error in state, never an exception", async () => {
    const run = dev.server.createRun({});
    dev.server.corruptRun(run.id, { error: '{"type":"NOT_A_KIND"}' });
    const state = await waitForState(runStore(await dev.client(), run.id), (s) => s.error !== undefined);
    expect((state.error as RealtimeError).code).toBe("invalid_data");
    expect(state.error!.message).toContain(run.id);
  });

  it("shows the connection cap (429) in state while it retries, then recovers", async () => {
    const run = dev.server.createRun({});
    dev.server.setConnectionLimit(0);
    try {
      const store = runStore(await dev.client(), run.id);
      const limited = await waitForState(store, (s) => (s.error as RealtimeError | undefined)?.code === "rate_limited");
      expect(limited.status).toBe("connecting");
      dev.server.setConnectionLimit(Number.POSITIVE_INFINITY);
      run.setMetadata({ recovered: true });
      const recovered = await waitForState(store, (s) => s.run?.metadata?.recovered === true && s.error === undefined, 20_000);
      expect(recovered.status).toBe("live");
    } finally {
      dev.server.setConnectionLimit(Number.POSITIVE_INFINITY);
    }
  });

  it("leaves skipped columns out and keys the store by them", async () => {
    const run = dev.server.createRun({ payload: { big: "x".repeat(100) } });
    run.complete({ result: 1 });
    const client = await dev.client();
    const full = runStore(client, run.id);
    const slim = runStore(client, run.id, { skipColumns: ["payload", "output"] });
    expect(slim).not.toBe(full);
    expect(runStore(client, run.id, { skipColumns: ["output", "payload"] })).toBe(slim);
    const state = await waitForState(slim, (s) => s.run !== undefined);
    expect(state.run!.payload).toBeUndefined();
    expect(state.run!.output).toBeUndefined();
    expect(state.run!.status).toBe("COMPLETED");
  });

  it("stop() closes the connection and keeps the run", async () => {
    const run = dev.server.createRun({});
    const store = runStore(await dev.client(), run.id);
    await waitForState(store, (s) => s.status === "live");
    store.stop();
    expect(store.get().status).toBe("stopped");
    expect(store.get().run?.id).toBe(run.id);
    await eventually(() => dev.server.stats().openShapeRequests === 0, 5000, "closed");
  });

  it("keeps following after completion with stopOnCompletion: false", async () => {
    const run = dev.server.createRun({});
    const store = runStore(await dev.client(), run.id, { stopOnCompletion: false });
    run.complete(1);
    await waitForState(store, (s) => s.run?.status === "COMPLETED");
    run.setMetadata({ late: true });
    const state = await waitForState(store, (s) => s.run?.metadata?.late === true);
    expect(state.status).toBe("live");
  });

  it("coalesces updates within the throttle window", async () => {
    const run = dev.server.createRun({});
    const store = runStore(await dev.client(), run.id, { throttleInMs: 300, stopOnCompletion: false });
    await waitForState(store, (s) => s.status === "live");
    const recorded = recordStates(store);
    const started = Date.now();
    for (let step = 1; step <= 20; step++) {
      run.setMetadata({ step });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitForState(store, (s) => s.run?.metadata?.step === 20);
    recorded.stop();
    // Twenty changes about 10 ms apart: without the throttle about twenty states, with it at
    // most one per window (plus the leading one), however slowly the machine ran the loop.
    expect(recorded.states.length).toBeLessThanOrEqual(windowsSince(started, 300) + 1);
  });

  it("fires onRunComplete once, and only for a finished run", async () => {
    const run = dev.server.createRun({});
    const store = runStore<unknown>(await dev.client(), run.id, { stopOnCompletion: false });
    const calls: RunState["run"][] = [];
    const unlisten = teardown(onRunComplete(store, (finished) => calls.push(finished)));
    run.start();
    await waitForState(store, (s) => s.run?.status === "EXECUTING");
    expect(calls).toHaveLength(0);
    run.complete("ok");
    await waitForState(store, (s) => s.run?.status === "COMPLETED");
    run.setMetadata({ after: 1 });
    await waitForState(store, (s) => s.run?.metadata?.after === 1);
    unlisten();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.output).toBe("ok");
  });
});
