import { selectRunStore, selectRunsWithTagStore, selectStreamStore } from "@trigger-realtime/core/adapter";
import { render } from "svelte/server";
import { describe, expect, it } from "vitest";
import { recordingFetch, useDevServer } from "@trigger-realtime/test-support";
import SsrPage from "./fixtures/SsrPage.svelte";

// Server rendering (SvelteKit SSR) must never reach the network: `$store` subscribes while the
// page renders, and the core keeps its stores idle on the server; runes helpers do not even
// subscribe there. A counting fetch (given through the auth context) sees every request.

const dev = useDevServer();

describe("server rendering", () => {
  it("renders every store's initial state, starts nothing and makes no request", async () => {
    const { id: runId } = await dev.server.trigger("progress", { steps: 1, delayMs: 1 });
    const before = dev.server.stats().totalRequests;
    const { fetch, urls: requests } = recordingFetch();
    const events: string[] = [];
    const auth = { accessToken: await dev.token(["read:runs", "trigger:tasks:progress", "write:waitpoints"]), baseURL: dev.baseURL, fetch };

    const { body } = render(SsrPage, { props: { auth, runId, onEvent: (name: string) => events.push(name) } });
    const state = JSON.parse(body.slice(body.indexOf("{"), body.lastIndexOf("}") + 1).replace(/&quot;/g, '"'));
    expect(state).toEqual({
      run: null,
      status: "idle",
      isLoading: true,
      runs: 0,
      batchRuns: 0,
      streams: 0,
      parts: 0,
      triggerLoading: false,
      realtimeStatus: "idle",
      approvalReady: true,
      runesStatus: "idle",
      runesParts: 0,
      runesApprovalReady: true,
    });

    // Every subscription made while rendering was released: nothing is left to start later.
    expect(selectRunStore(runId, auth).lc).toBe(0);
    expect(selectRunsWithTagStore(["user_1", "ssr"], auth).lc).toBe(0);
    expect(selectStreamStore(runId, "text", auth).lc).toBe(0);
    // Proving that nothing happens needs a pause: long enough for a started fetch to show.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toEqual([]);
    expect(events).toEqual([]);
    expect(dev.server.stats().totalRequests).toBe(before);
  });
});
