import { afterEach, describe, expect, it, vi } from "vitest";
import { eventually, expectNoOpenConnections, useDevServer, waitForState } from "@trigger-realtime/test-support";
import { createRealtimeClient, runWithStreamsStore, subscribeToRun, type AnyRealtimeRun } from "../src/index.js";

describe.each(["electric", "native"] as const)("run feed states on the %s backend", (backend) => {
  const dev = useDevServer({ server: { realtimeBackend: backend }, letStoresConnect: true });
  afterEach(() => void vi.useRealTimers());

  it("publishes one state per up-to-date, even when a later answer lands while an earlier one still decodes", async () => {
    // The snapshot's payload is offloaded: its download waits until released.
    let release!: () => void;
    const downloadsMayGo = new Promise<void>((resolve) => (release = resolve));
    const answers: string[] = [];
    const client = createRealtimeClient({
      baseURL: dev.baseURL,
      accessToken: dev.server.secretKey,
      fetch: async (input, init) => {
        const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
        if (url.includes("/packets/")) await downloadsMayGo;
        const response = await fetch(input, init);
        if (url.includes("/realtime/v1/runs/")) answers.push(await response.clone().text());
        return response;
      },
    });
    const run = dev.server.createRun({ taskIdentifier: "states", payload: { big: "b".repeat(130 * 1024) } });
    expect(dev.server.getRun(run.id)!.payload.dataType).toBe("application/store");
    const iterator = subscribeToRun(client, run.id);
    const seen: AnyRealtimeRun[] = [];
    const done = (async () => {
      for await (const state of iterator) seen.push(state);
    })();
    await eventually(() => answers.length > 0, 10_000, "the snapshot");
    run.dequeue();
    await eventually(() => answers.some((text) => text.includes('"status":"DEQUEUED"')), 10_000, "the DEQUEUED answer");
    run.start();
    await eventually(() => answers.some((text) => text.includes('"status":"EXECUTING"')), 10_000, "the EXECUTING answer");
    release();
    run.complete({ done: true });
    await done;
    expect(seen.map((state) => state.status)).toEqual(["QUEUED", "DEQUEUED", "EXECUTING", "COMPLETED"]);
    expect((seen[0]!.payload as { big: string }).big).toHaveLength(130 * 1024);
  });

  it("runWithStreams keeps the run feed 30 s after the run finished, so late metadata still arrives", async () => {
    const client = createRealtimeClient({ baseURL: dev.baseURL, accessToken: dev.server.secretKey });
    const run = dev.server.createRun({ taskIdentifier: "late" });
    run.start();
    const store = runWithStreamsStore(client, run.id);
    const unlisten = store.listen(() => {});
    try {
      await waitForState(store, (state) => state.run?.status === "EXECUTING");
      // Only the timers: the window is skipped rather than waited for; time still runs for the rest.
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"], shouldAdvanceTime: true });
      run.complete({ done: true });
      // No stream to drain: complete at once, yet still listening.
      await waitForState(store, (state) => state.status === "complete");
      run.setMetadata({ late: true });
      const late = await waitForState(store, (state) => state.run?.metadata?.late === true);
      expect(late.status).toBe("complete");
      vi.advanceTimersByTime(30_000);
      vi.useRealTimers();
      await expectNoOpenConnections(dev.server);
      expect(store.get()).toMatchObject({ status: "complete", run: { status: "COMPLETED", metadata: { late: true } } });
    } finally {
      unlisten();
    }
  });
});

describe("the SDK's superjson", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  const withBuffer = '{"json":{"bytes":[104,105]},"meta":{"values":{"bytes":[["custom","buffer"]]},"v":1}}';

  it("reads the custom type \"buffer\" as a Node Buffer where there is one", async () => {
    const { sdkSuperjson } = await import("../src/sdk-superjson.js");
    const value = sdkSuperjson.parse<{ bytes: Buffer }>(withBuffer);
    expect(Buffer.isBuffer(value.bytes)).toBe(true);
    expect(value.bytes.toString()).toBe("hi");
    expect(sdkSuperjson.stringify({ bytes: Buffer.from("hi") })).toBe(withBuffer);
  });

  it("reads it as a Uint8Array where there is no Buffer (browsers)", async () => {
    vi.resetModules();
    vi.stubGlobal("Buffer", undefined);
    const { sdkSuperjson } = await import("../src/sdk-superjson.js");
    const value = sdkSuperjson.parse<{ bytes: Uint8Array }>(withBuffer);
    expect(value.bytes).toBeInstanceOf(Uint8Array);
    expect([...value.bytes]).toEqual([104, 105]);
  });
});
