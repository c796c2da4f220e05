import { configure, runs, tasks } from "@trigger.dev/sdk";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, quietPeriod, requestsOf, waitForState } from "@trigger-realtime/test-support";
import { fetchRun, getRealtimeClient, runQuery, setServerEnvironment } from "../src/index.js";
import { useDevServerWithClients } from "./support/server.js";

const dev = useDevServerWithClients();
beforeAll(() => configure({ baseURL: dev.baseURL, accessToken: dev.server.secretKey }));

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function listen<T extends { listen(listener: (value: any) => void): () => void }>(store: T): T {
  cleanups.push(store.listen(() => {}));
  return store;
}

const finished = (runId: string) => eventually(() => dev.server.getRun(runId)?.completedAt, 15_000, `run ${runId} to finish`);

describe("fetchRun", () => {
  it("gives what the official runs.retrieve gives for the same run", async () => {
    const handle = await tasks.trigger("progress", { steps: 2, delayMs: 5 }, { tags: ["x"], metadata: { a: 1 } });
    await finished(handle.id);
    const big = { big: "y".repeat(130 * 1024) };
    const failed = dev.server.createRun({ payload: big });
    failed.fail(new Error("nope"));
    const client = await dev.client();
    for (const id of [handle.id, failed.id]) {
      const ours = await fetchRun(client, id);
      const theirs = await runs.retrieve(id);
      // Each answer signs its own URL.
      expect({ ...ours, payloadPresignedUrl: "signed" }).toEqual({ ...theirs, payloadPresignedUrl: "signed" });
    }
    const offloaded = await fetchRun(client, failed.id);
    expect(offloaded.payloadPresignedUrl).toMatch(/^http/);
    expect(offloaded.payload).toEqual(big);
  });

  it("rejects with the server's error", async () => {
    await expect(fetchRun(await dev.client(), "run_missing")).rejects.toMatchObject({ code: "not_found" });
    const run = dev.server.createRun({});
    await expect(fetchRun(await dev.client(["read:runs:run_other"]), run.id)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("runQuery", () => {
  it("polls every refreshInterval and stops once the run is final", async () => {
    const run = dev.server.createRun({});
    const store = listen(runQuery(await dev.client(), run.id, { refreshInterval: 50 }));
    expect((await waitForState(store, (s) => s.run !== undefined)).run).toMatchObject({ id: run.id, status: "QUEUED", isQueued: true });
    run.start();
    expect((await waitForState(store, (s) => s.run?.status === "EXECUTING")).status).toBe("live");
    run.complete({ done: true });
    const state = await waitForState(store, (s) => s.status === "complete");
    expect(state).toMatchObject({ isLoading: false, isValidating: false, isError: false, error: undefined });
    expect(state.run).toMatchObject({ status: "COMPLETED", isCompleted: true, output: { done: true } });
    const requests = requestsOf(dev.server, "run");
    await quietPeriod();
    expect(requestsOf(dev.server, "run")).toBe(requests);
  });

  it("fetches once without refreshInterval, and again on refresh()", async () => {
    const run = dev.server.createRun({});
    const store = listen(runQuery(await dev.client(), run.id));
    await waitForState(store, (s) => s.run?.status === "QUEUED");
    run.start();
    await quietPeriod();
    expect(store.get().run?.status).toBe("QUEUED");
    await store.refresh();
    expect((await waitForState(store, (s) => s.run?.status === "EXECUTING")).isValidating).toBe(false);
  });

  it("shares one request between every listener of the same run", async () => {
    const run = dev.server.createRun({});
    const client = await dev.client();
    const before = requestsOf(dev.server, "run");
    const stores = [runQuery(client, run.id), runQuery(client, run.id), runQuery(client, run.id, { refreshInterval: 60_000 })].map(listen);
    expect(stores[0]).toBe(stores[1]);
    await Promise.all(stores.map((store) => waitForState(store, (s) => s.run !== undefined)));
    expect(requestsOf(dev.server, "run") - before).toBe(1);
  });

  it("fetches nothing on the server unless allowServer", async () => {
    const run = dev.server.createRun({});
    const client = await dev.client();
    setServerEnvironment(undefined); // Node without window: a server
    try {
      const before = requestsOf(dev.server, "run");
      const idle = listen(runQuery(client, run.id));
      const connected = listen(runQuery(client, run.id, { allowServer: true }));
      await waitForState(connected, (s) => s.run !== undefined);
      expect(idle.get()).toMatchObject({ status: "idle", run: undefined, isLoading: true });
      expect(requestsOf(dev.server, "run") - before).toBe(1);
    } finally {
      setServerEnvironment(false);
    }
  });

  it("puts errors in state: isError, and the error", async () => {
    const store = listen(runQuery(getRealtimeClient({ baseURL: dev.baseURL, accessToken: await dev.token(["read:all"]) }), "run_missing"));
    const state = await waitForState(store, (s) => s.isError);
    expect(state).toMatchObject({ status: "error", isLoading: false, run: undefined, error: { code: "not_found" } });
  });
});
