import { isServer, renderToString } from "solid-js/web";
import { setServerEnvironment } from "@trigger-realtime/core";
import { selectBatchStore, selectRunStore, selectRunsWithTagStore, selectRunWithStreamsStore, selectStreamStore } from "@trigger-realtime/core/adapter";
import { afterEach, describe, expect, it } from "vitest";
import { recordingFetch } from "@trigger-realtime/test-support";
import { useDevServer } from "./dev-server.js";
import {
  createBatch,
  createRealtimeTaskTrigger,
  createRun,
  createRunsWithTag,
  createRunWithStreams,
  createStream,
  createTaskTrigger,
  createWaitToken,
  TriggerAuthProvider,
} from "../src/index.js";

// Server rendering must never open a connection: primitives read store snapshots, and the
// effects that listen never run on the server. The ids are real runs on a dev server, whose
// request counter (and a counting fetch given through the provider) would see any request.

const dev = useDevServer();

describe.each([
  ["detected as a server", undefined],
  // Even a core that believed it runs in a browser is never started: Solid runs no effect on the server.
  ["with the core's server guard off", false],
] as const)("server rendering (%s)", (_name, serverEnvironment) => {
  afterEach(() => setServerEnvironment(undefined));

  it("renders every primitive's initial state, starts no store and makes no request", async () => {
    setServerEnvironment(serverEnvironment);
    expect(isServer).toBe(true);
    const { fetch: countingFetch, urls: requests } = recordingFetch();
    const controller = dev.server.createRun({ taskIdentifier: "manual", tags: ["ssr"], metadata: { progress: 50 } });
    controller.start();
    controller.appendStream("text", "hello");
    const runId = controller.run.friendlyId;
    const serverBatch = dev.server.createBatch(1);
    dev.server.createRun({ taskIdentifier: "manual", batchId: serverBatch.id });
    const auth = { accessToken: dev.readToken, baseURL: dev.baseURL, fetch: countingFetch };
    const requestsBefore = dev.server.stats().totalRequests;

    function Page() {
      const run = createRun(runId, { onComplete: () => requests.push("onComplete") });
      const tagged = createRunsWithTag(["user_1", "ssr"]);
      const batch = createBatch(serverBatch.id);
      const withStreams = createRunWithStreams(runId);
      const stream = createStream<string>(runId, "text", { onParts: () => requests.push("onParts") });
      const trigger = createTaskTrigger("progress");
      const realtime = createRealtimeTaskTrigger("progress");
      const token = createWaitToken("waitpoint_ssr");
      return (
        <pre>
          {JSON.stringify({
            run: run.run() ?? null,
            isLoading: run.isLoading(),
            status: run.status(),
            runs: tagged.runs().length,
            batchRuns: batch.runs().length,
            streams: Object.keys(withStreams.streams()).length,
            parts: stream.parts().length,
            triggerLoading: trigger.isLoading(),
            realtimeStatus: realtime.status(),
            tokenReady: token.isReady(),
          })}
        </pre>
      );
    }

    const html = renderToString(() => (
      <TriggerAuthProvider {...auth}>
        <Page />
      </TriggerAuthProvider>
    ));
    // A hydratable server render: markup with hydration keys, not a client-side DOM.
    expect(html).toMatch(/^<pre data-hk="[^"]+">/);
    const state = JSON.parse(html.replace(/^<pre[^>]*>|<\/pre>$/g, "").replace(/&quot;/g, '"'));
    expect(state).toEqual({
      run: null,
      isLoading: true,
      status: "idle",
      runs: 0,
      batchRuns: 0,
      streams: 0,
      parts: 0,
      triggerLoading: false,
      realtimeStatus: "idle",
      tokenReady: true,
    });

    // Not mounted means nothing will start later either.
    expect(selectRunStore(runId, auth).lc).toBe(0);
    expect(selectRunsWithTagStore(["user_1", "ssr"], auth).lc).toBe(0);
    expect(selectBatchStore(serverBatch.id, auth).lc).toBe(0);
    expect(selectRunWithStreamsStore(runId, auth).lc).toBe(0);
    expect(selectStreamStore(runId, "text", auth).lc).toBe(0);
    // Proving that nothing happens needs a pause: long enough for any started fetch to show.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toEqual([]);
    expect(dev.server.stats().totalRequests).toBe(requestsBefore);
  });
});
