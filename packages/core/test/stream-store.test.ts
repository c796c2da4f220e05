import { describe, expect, it } from "vitest";
import { expectNoOpenConnections, waitForState, useTeardowns } from "@trigger-realtime/test-support";
import { onStreamParts, runWithStreamsStore, streamStore, type StreamPart } from "../src/index.js";
import { useDevServerWithClients } from "./support/server.js";

const dev = useDevServerWithClients();
const teardown = useTeardowns();

describe("streamStore", () => {
  it("delivers parts in order and completes once the server ends the quiet stream (timeoutInSeconds), not when the run finishes", async () => {
    const run = dev.server.createRun({});
    run.start();
    const store = streamStore<string>(await dev.client(), run.id, "text", { timeoutInSeconds: 1 });
    for (const token of ["a", "b", "c"]) run.appendStream("text", token);
    await waitForState(store, (s) => s.parts.length === 3);
    run.appendStream("text", "d");
    run.complete();
    const completedAt = Date.now();
    const state = await waitForState(store, (s) => s.status === "complete");
    expect(Date.now() - completedAt).toBeGreaterThanOrEqual(900);
    expect(state.parts).toEqual(["a", "b", "c", "d"]);
    expect(state.lastEventId).toMatch(/-3$/);
  });

  it("resumes after a dropped connection with no lost or doubled part", async () => {
    const run = dev.server.createRun({});
    run.start();
    const store = streamStore<number>(await dev.client(), run.id, "numbers", { throttleInMs: 0, timeoutInSeconds: 1 });
    for (let n = 0; n < 50; n++) run.appendStream("numbers", n);
    await waitForState(store, (s) => s.parts.length === 50);
    dev.server.dropConnections();
    for (let n = 50; n < 100; n++) run.appendStream("numbers", n);
    run.complete();
    const state = await waitForState(store, (s) => s.status === "complete");
    expect(state.parts).toEqual(Array.from({ length: 100 }, (_, n) => n));
  });

  it("starts at startIndex, resumes after lastEventId, and keeps at most maxParts", async () => {
    const run = dev.server.createRun({});
    for (let n = 0; n < 10; n++) run.appendStream("s", n);
    run.complete();
    const client = await dev.client();
    const quick = { timeoutInSeconds: 1 };
    const fromFive = await waitForState(streamStore(client, run.id, "s", { startIndex: 5, ...quick }), (s) => s.status === "complete");
    expect(fromFive.parts).toEqual([5, 6, 7, 8, 9]);
    const allStore = streamStore<number>(client, run.id, "s", quick);
    const received: StreamPart<number>[] = [];
    const unlisten = teardown(onStreamParts(allStore, (parts) => received.push(...parts)));
    const all = await waitForState(allStore, (s) => s.status === "complete");
    unlisten();
    expect(received.map((part) => part.chunk)).toEqual(all.parts);
    const resumed = await waitForState(streamStore(client, run.id, "s", { lastEventId: received[6]!.id, ...quick }), (s) => s.status === "complete");
    expect(resumed.parts).toEqual([7, 8, 9]);
    const bounded = await waitForState(streamStore(client, run.id, "s", { maxParts: 3, ...quick }), (s) => s.status === "complete");
    expect(bounded.parts).toEqual([7, 8, 9]);
  });

  it("hands each batch of new parts to onStreamParts", async () => {
    const run = dev.server.createRun({});
    run.start();
    const store = streamStore<string>(await dev.client(), run.id, "p", { timeoutInSeconds: 1 });
    const received: StreamPart<string>[] = [];
    const unlisten = teardown(onStreamParts(store, (parts) => received.push(...parts)));
    run.appendStream("p", "x");
    run.appendStream("p", "y");
    run.complete();
    await waitForState(store, (s) => s.status === "complete");
    unlisten();
    expect(received.map((part) => part.chunk)).toEqual(["x", "y"]);
    expect(received.every((part) => typeof part.id === "string" && part.timestamp > 0)).toBe(true);
  });

  it("stops with an error for a token that cannot read the run", async () => {
    const run = dev.server.createRun({});
    const other = dev.server.createRun({});
    const state = await waitForState(streamStore(await dev.client([`read:runs:${other.id}`]), run.id, "s"), (s) => s.status === "error");
    expect(state.error?.message).toMatch(/access/);
  });
});

describe("runWithStreamsStore", () => {
  it("follows the run and every stream it opens, then completes", async () => {
    const { id } = await dev.server.trigger("ai-stream", { prompt: "hi", delayMs: 2 });
    const store = runWithStreamsStore<unknown, { text: string }>(await dev.client(), id);
    const state = await waitForState(store, (s) => s.status === "complete");
    expect(state.run?.status).toBe("COMPLETED");
    expect(state.streams.text?.join("")).toBe((state.run?.output as { text: string }).text);
    await expectNoOpenConnections(dev.server);
  });
});
