import { describe, expect, it } from "vitest";
import { expectNoOpenConnections, waitForState } from "@trigger-realtime/test-support";
import { runWithStreamsStore, streamStore } from "../src/index.js";
import { useDevServerWithClients } from "./support/server.js";

// The same reads against both stream versions: v1 (Redis framing) and v2 (S2 framing).
// Neither server ends a stream when the run finishes.

const dev = useDevServerWithClients();
const numbers = (count: number) => Array.from({ length: count }, (_, n) => n);

describe.each(["v1", "v2"] as const)("streams %s", (version) => {
  const runWith = (count: number) => {
    const run = dev.server.createRun({ realtimeStreamsVersion: version });
    run.start();
    for (let n = 0; n < count; n++) run.appendStream("numbers", n);
    return run;
  };

  it("gets every part once, in order, across a connection cut at part 340 of 500", async () => {
    const run = runWith(500);
    dev.server.cutStream(run.id, "numbers", 340);
    const store = streamStore<number>(await dev.client(), run.id, "numbers", { timeoutInSeconds: 1 });
    const state = await waitForState(store, (s) => s.status === "complete" || s.status === "error");
    expect(state.status).toBe("complete");
    expect(state.parts).toEqual(numbers(500));
    expect(dev.server.stats().requests.stream).toBeGreaterThanOrEqual(2);
  });

  it("starts at startIndex (v1 servers replay everything: the client skips)", async () => {
    const run = runWith(10);
    const store = streamStore<number>(await dev.client(), run.id, "numbers", { startIndex: 4, timeoutInSeconds: 1 });
    const state = await waitForState(store, (s) => s.status === "complete");
    expect(state.parts).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it("runWithStreamsStore completes soon after the run finishes although the server keeps its streams open", async () => {
    const run = runWith(200);
    const store = runWithStreamsStore(await dev.client(), run.id);
    await waitForState(store, (s) => (s.streams as Record<string, unknown[]>).numbers?.length === 200);
    run.appendStream("numbers", 200);
    run.complete({ done: true });
    const finishedAt = Date.now();
    const state = await waitForState(store, (s) => s.status === "complete", 10_000);
    // Well before the 30 s cap, and with the part written just before the finish.
    expect(Date.now() - finishedAt).toBeLessThan(5_000);
    expect((state.streams as Record<string, unknown[]>).numbers).toEqual(numbers(201));
    await expectNoOpenConnections(dev.server);
  });
});

describe("streams v2 only", () => {
  it("reconnects with Last-Event-ID after an S2 error event at part 340 of 500: every part once, in order", async () => {
    const run = dev.server.createRun({ realtimeStreamsVersion: "v2" });
    run.start();
    for (let n = 0; n < 500; n++) run.appendStream("numbers", n);
    dev.server.injectStreamError(run.id, "numbers", 340);
    const before = dev.server.stats().requests.stream ?? 0;
    const store = streamStore<number>(await dev.client(), run.id, "numbers", { timeoutInSeconds: 1 });
    const state = await waitForState(store, (s) => s.status === "complete" || s.status === "error");
    expect(state.status).toBe("complete");
    expect(state.parts).toEqual(numbers(500));
    expect((dev.server.stats().requests.stream ?? 0) - before).toBe(2);
  });

  it("runWithStreamsStore survives an error event too", async () => {
    const run = dev.server.createRun({ realtimeStreamsVersion: "v2" });
    run.start();
    for (let n = 0; n < 500; n++) run.appendStream("numbers", n);
    dev.server.injectStreamError(run.id, "numbers", 340);
    run.complete();
    const states: Array<Error | undefined> = [];
    const store = runWithStreamsStore(await dev.client(), run.id);
    const unlisten = store.listen((state) => void states.push(state.error));
    const state = await waitForState(store, (s) => s.status === "complete", 10_000);
    unlisten();
    expect((state.streams as Record<string, unknown[]>).numbers).toEqual(numbers(500));
    // The failed read showed in state while it was retried, and was cleared once reading again.
    expect(states.some((error) => error?.message.includes("Injected read failure"))).toBe(true);
    expect(state.error).toBeUndefined();
  });
});
