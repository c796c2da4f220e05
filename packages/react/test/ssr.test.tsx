// @vitest-environment node
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { setServerEnvironment } from "@trigger-realtime/core";
import { selectRunStore, selectRunsWithTagStore, selectStreamStore } from "@trigger-realtime/core/adapter";
import { afterEach, describe, expect, it } from "vitest";
import { recordingFetch } from "@trigger-realtime/test-support";
import {
  TriggerAuthContext,
  useRealtimeBatch,
  useRealtimeRun,
  useRealtimeRunsWithTag,
  useRealtimeRunWithStreams,
  useRealtimeStream,
  useRealtimeTaskTrigger,
  useWaitToken,
} from "../src/index.js";

// Server rendering must never open a connection: the hooks read store snapshots without
// starting them. A counting fetch (passed through the auth context) sees every request.

describe.each([
  ["detected as a server", undefined],
  // Even a core that believed it runs in a browser is never started by a server render: the
  // hooks only read snapshots, and React does not subscribe on the server.
  ["with the core's server guard off", false],
] as const)("server rendering (%s)", (_name, serverEnvironment) => {
  afterEach(() => setServerEnvironment(undefined));

  it("renders the idle state of every hook, starts no store and makes no request", async () => {
    setServerEnvironment(serverEnvironment);
    const { fetch: countingFetch, urls: requests } = recordingFetch();
    const auth = { accessToken: `tr_pat_server_render_${String(serverEnvironment)}`, baseURL: "http://127.0.0.1:9", fetch: countingFetch };

    function Page() {
      const { run, isLoading, status } = useRealtimeRun("run_ssr", { onComplete: () => requests.push("onComplete") });
      const { runs } = useRealtimeRunsWithTag(["user_1", "ssr"]);
      const { runs: batchRuns } = useRealtimeBatch("batch_ssr");
      const { streams } = useRealtimeRunWithStreams("run_ssr");
      const { parts } = useRealtimeStream<string>("run_ssr", "text", { onData: () => requests.push("onData") });
      const trigger = useRealtimeTaskTrigger("progress");
      const token = useWaitToken("waitpoint_ssr");
      return createElement(
        "pre",
        null,
        JSON.stringify({
          run: run ?? null,
          isLoading,
          status,
          runs: runs.length,
          batchRuns: batchRuns.length,
          streams: Object.keys(streams).length,
          parts: parts.length,
          triggerLoading: trigger.isLoading,
          tokenReady: token.isReady,
        }),
      );
    }

    const html = renderToString(createElement(TriggerAuthContext.Provider, { value: auth }, createElement(Page)));
    const state = JSON.parse(html.replace(/^<pre>|<\/pre>$/g, "").replace(/&quot;/g, '"'));
    expect(state).toEqual({
      run: null,
      isLoading: true,
      status: "idle",
      runs: 0,
      batchRuns: 0,
      streams: 0,
      parts: 0,
      triggerLoading: false,
      tokenReady: true,
    });

    // Not mounted means nothing will start later either.
    expect(selectRunStore("run_ssr", auth).lc).toBe(0);
    expect(selectRunsWithTagStore(["user_1", "ssr"], auth).lc).toBe(0);
    expect(selectStreamStore("run_ssr", "text", auth).lc).toBe(0);
    // Proving that nothing happens needs a pause: long enough for any started fetch to show.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toEqual([]);
  });
});
