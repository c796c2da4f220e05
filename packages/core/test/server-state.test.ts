import { describe, expect, it } from "vitest";
import { eventually, recordingFetch, unique, waitForState } from "@trigger-realtime/test-support";
import {
  batchStore,
  fetchBatchState,
  fetchRunState,
  fetchRunsWithTagState,
  getRealtimeClient,
  RealtimeError,
  runStore,
  runsWithTagStore,
} from "../src/index.js";
import { recordStates } from "./support/record-states.js";
import { useDevServerWithClients } from "./support/server.js";

const dev = useDevServerWithClients();

/** A client whose requests are recorded; its own key, so no store is shared with another test. */
async function recordingClient(scopes = ["read:all"]) {
  const recorder = recordingFetch();
  const client = getRealtimeClient({ baseURL: dev.baseURL, accessToken: await dev.token(scopes), fetch: recorder.fetch, headers: { "x-test": unique("client") } });
  return { client, urls: recorder.urls };
}

const offsets = (urls: string[]) => urls.map((url) => new URL(url).searchParams.get("offset"));

describe("server state", () => {
  it("reads a run as it is now, as plain data, and the store carries on from it without reading it again", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual", payload: { n: 1 }, tags: ["ssr"] });
    run.start();
    run.setMetadata({ progress: 40 });
    const auth = { baseURL: dev.baseURL, accessToken: await dev.token([`read:runs:${run.id}`]) };

    const server = structuredClone(await fetchRunState(auth, run.id));
    expect(server.run).toMatchObject({ id: run.id, status: "EXECUTING", metadata: { progress: 40 }, payload: { n: 1 }, tags: ["ssr"], isExecuting: true });
    expect(server.run!.createdAt).toBeInstanceOf(Date);
    expect(server.feed).toMatchObject({ path: `/realtime/v1/runs/${run.id}`, handle: expect.any(String), offset: expect.stringMatching(/^\d+_(\d+|inf)$/) });
    await eventually(() => dev.server.stats().openShapeRequests === 0, 5000, "the server read to close its feed");

    const { client, urls } = await recordingClient([`read:runs:${run.id}`]);
    const store = runStore(client, run.id, { initialState: server });
    expect(store.get()).toMatchObject({ run: server.run, isLoading: false, error: undefined });
    const recorded = recordStates(store);
    run.setMetadata({ progress: 80 });
    await waitForState(store, (state) => state.run?.metadata?.progress === 80);
    run.complete({ ok: true });
    const final = await waitForState(store, (state) => state.status === "complete");
    recorded.stop();

    expect(final.run).toMatchObject({ status: "COMPLETED", output: { ok: true } });
    expect(recorded.states.every((state) => !state.isLoading && state.run?.id === run.id)).toBe(true);
    expect(urls.length).toBeGreaterThan(0);
    expect(offsets(urls)).not.toContain("-1");
    expect(new URL(urls[0]!).searchParams.get("handle")).toBe(server.feed.handle);
  });

  it("starts over from the beginning when the store reads another feed than the server did", async () => {
    const run = dev.server.createRun({ payload: { big: "x" } });
    const auth = { baseURL: dev.baseURL, accessToken: await dev.token(["read:all"]) };
    const server = await fetchRunState(auth, run.id);
    const { client, urls } = await recordingClient();
    const store = runStore(client, run.id, { skipColumns: ["payload"], initialState: server });
    expect(store.get().run?.payload).toEqual({ big: "x" });
    const live = await waitForState(store, (state) => state.status === "live");
    expect(live.run?.payload).toBeUndefined();
    expect(offsets(urls)[0]).toBe("-1");
    store.stop();
  });

  it("reads the runs of a tag, oldest first, and the list store follows new and changed runs from there", async () => {
    const tag = unique("tag");
    const first = dev.server.createRun({ tags: [tag] });
    const second = dev.server.createRun({ tags: [tag] });
    second.start();
    const auth = { baseURL: dev.baseURL, accessToken: await dev.token(["read:all"]) };
    const server = await fetchRunsWithTagState(auth, tag);
    expect(server.runs.map((r) => [r.id, r.status])).toEqual([[first.id, "QUEUED"], [second.id, "EXECUTING"]]);

    const { client, urls } = await recordingClient();
    // As a framework that hands it over as JSON: the dates come back as dates.
    const store = runsWithTagStore(client, tag, { initialState: JSON.parse(JSON.stringify(server)) });
    expect(store.get().isLoading).toBe(false);
    expect(store.get().runs.map((r) => [r.id, r.status])).toEqual(server.runs.map((r) => [r.id, r.status]));
    expect(store.get().runs[0]!.createdAt).toEqual(server.runs[0]!.createdAt);
    const recorded = recordStates(store);
    first.start();
    const third = dev.server.createRun({ tags: [tag] });
    const state = await waitForState(store, (s) => s.runs.length === 3 && s.runs[0]!.status === "EXECUTING");
    recorded.stop();
    expect(state.runs.map((r) => r.id)).toEqual([first.id, second.id, third.id]);
    expect(recorded.states.every((s) => s.runs.length >= 2 && !s.isLoading)).toBe(true);
    expect(offsets(urls)).not.toContain("-1");
    store.stop();
  });

  it("reads the runs of a batch, and the batch store follows them from there", async () => {
    const batch = dev.server.createBatch();
    const run = dev.server.createRun({ batchId: batch.id });
    const auth = { baseURL: dev.baseURL, accessToken: await dev.token(["read:all"]) };
    const server = await fetchBatchState(auth, batch.id);
    expect(server.runs.map((r) => r.id)).toEqual([run.id]);

    const { client, urls } = await recordingClient();
    const store = batchStore(client, batch.id, { initialState: server });
    expect(store.get().runs.map((r) => r.id)).toEqual([run.id]);
    const unlisten = store.listen(() => {});
    run.start();
    run.complete({ done: 1 });
    await waitForState(store, (s) => s.runs[0]?.status === "COMPLETED");
    unlisten();
    expect(offsets(urls)).not.toContain("-1");
  });

  it("rejects with the server's reason instead of waiting: unknown run, token without the scope", async () => {
    const auth = { baseURL: dev.baseURL, accessToken: await dev.token(["read:all"]) };
    const unknown = await fetchRunState(auth, "run_doesnotexist").catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(RealtimeError);
    expect((unknown as RealtimeError).code).toBe("not_found");

    const run = dev.server.createRun({});
    const other = dev.server.createRun({});
    const scoped = { baseURL: dev.baseURL, accessToken: await dev.token([`read:runs:${run.id}`]) };
    const forbidden = await fetchRunState(scoped, other.id).catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(RealtimeError);
    expect(["unauthorized", "forbidden"]).toContain((forbidden as RealtimeError).code);
  });
});
