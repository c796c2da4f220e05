import { selectRunStore, selectRunsWithTagStore, selectStreamStore } from "@trigger-realtime/core";
import { startDevServer, type DevServer } from "@trigger-realtime/dev-server";
import { render } from "svelte/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import SsrPage from "./fixtures/SsrPage.svelte";

// Server rendering (SvelteKit SSR) must never reach the network: `$store` subscribes while the
// page renders, and the core keeps its stores idle on the server; runes helpers do not even
// subscribe there. A counting fetch (given through the auth context) sees every request.

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ port: 0 });
});
afterAll(() => server.close());

describe("server rendering", () => {
  it("renders every store's initial state, starts nothing and makes no request", async () => {
    const { id: runId } = await server.trigger("progress", { steps: 1, delayMs: 1 });
    const before = server.stats().totalRequests;
    const requests: string[] = [];
    const events: string[] = [];
    const auth = {
      accessToken: await server.createPublicToken({ scopes: ["read:runs", "trigger:tasks:progress", "write:waitpoints"] }),
      baseURL: server.url,
      fetch: ((input, init) => {
        requests.push(String(input));
        return fetch(input, init);
      }) as typeof fetch,
    };

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
    expect(server.stats().totalRequests).toBe(before);
  });
});
