import { afterEach, describe, expect, it, vi } from "vitest";
import { recordingFetch, waitForState } from "@trigger-realtime/test-support";
import { getRealtimeClient, realtimeTaskTrigger, runStore, setServerEnvironment } from "../src/index.js";
import { useDevServerWithClients } from "./support/server.js";

const dev = useDevServerWithClients();

describe("the subscription registry", () => {
  afterEach(() => vi.useRealTimers());

  it("gives the same atom for the same key, and forgets an atom nobody mounted after one second", async () => {
    const client = await dev.client();
    const run = dev.server.createRun({});
    // The atom is never mounted, so nothing touches the network: the clock alone decides.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const first = runStore(client, run.id);
    expect(runStore(client, run.id)).toBe(first);
    vi.advanceTimersByTime(999);
    expect(runStore(client, run.id)).toBe(first);
    vi.advanceTimersByTime(1);
    expect(runStore(client, run.id)).not.toBe(first);
  });

  it("keeps nothing from server rendering", async () => {
    const client = await dev.client();
    setServerEnvironment(undefined);
    try {
      expect(runStore(client, "run_ssr")).not.toBe(runStore(client, "run_ssr"));
    } finally {
      setServerEnvironment(false);
    }
  });
});

describe("realtimeTaskTrigger", () => {
  it("follows the new run through the trigger client's own fetch and headers", async () => {
    const { fetch, urls } = recordingFetch();
    const client = getRealtimeClient({
      baseURL: dev.server.url,
      accessToken: await dev.server.createPublicToken({ scopes: ["trigger:tasks:progress"] }),
      fetch,
    });
    const trigger = realtimeTaskTrigger(client, "progress");
    const unlisten = trigger.listen(() => {});
    const handle = await trigger.submit({ steps: 1, delayMs: 5 });
    const state = await waitForState(trigger, (s) => s.run?.status === "COMPLETED");
    unlisten();
    expect(state.run?.id).toBe(handle.id);
    const seen = urls.map((url) => new URL(url).pathname);
    expect(seen).toContain("/api/v1/tasks/progress/trigger");
    expect(seen).toContain(`/realtime/v1/runs/${handle.id}`);
  });
});
