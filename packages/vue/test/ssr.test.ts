// @vitest-environment node
import { setServerEnvironment } from "@trigger-realtime/core";
import { selectRunStore, selectRunsWithTagStore, selectStreamStore } from "@trigger-realtime/core/adapter";
import { afterEach, describe, expect, it } from "vitest";
import { createSSRApp, h } from "vue";
import { renderToString } from "vue/server-renderer";
import { quietPeriod, recordingFetch, useDevServer } from "@trigger-realtime/test-support";
import {
  TriggerRealtimePlugin,
  useBatch,
  useRealtimeTaskTrigger,
  useRun,
  useRunsWithTag,
  useRunWithStreams,
  useStream,
  useTaskTrigger,
  useWaitToken,
} from "../src/index.js";

// Server rendering must never open a connection: composables listen from onMounted, which never
// runs on the server. The dev server's counters and a counting fetch see every request.

const dev = useDevServer();

describe.each([
  ["detected as a server", undefined],
  // Even a core that believed it runs in a browser is never started by a server render.
  ["with the core's server guard off", false],
] as const)("server rendering (%s)", (_name, serverEnvironment) => {
  afterEach(() => setServerEnvironment(undefined));

  it("renders the initial state of every composable, starts no store and makes no request", async () => {
    setServerEnvironment(serverEnvironment);
    const controller = dev.server.createRun({ tags: ["ssr"] });
    controller.start();
    const { fetch: countingFetch, urls: requests } = recordingFetch();
    const auth = { accessToken: dev.readToken, baseURL: dev.baseURL, fetch: countingFetch };
    const before = dev.server.stats().totalRequests;

    const app = createSSRApp({
      setup() {
        const run = useRun(controller.id, { onComplete: () => requests.push("onComplete") });
        const tagged = useRunsWithTag(["ssr"]);
        const batch = useBatch("batch_ssr");
        const withStreams = useRunWithStreams(controller.id);
        const stream = useStream<string>(controller.id, "text", { onData: () => requests.push("onData") });
        const trigger = useTaskTrigger("progress");
        const realtime = useRealtimeTaskTrigger("progress");
        const token = useWaitToken("waitpoint_ssr");
        return () =>
          h(
            "pre",
            JSON.stringify({
              run: run.run.value ?? null,
              isLoading: run.isLoading.value,
              status: run.status.value,
              runs: tagged.runs.value.length,
              batchRuns: batch.runs.value.length,
              streams: Object.keys(withStreams.streams.value).length,
              parts: stream.parts.value.length,
              triggerLoading: trigger.isLoading.value,
              realtimeStatus: realtime.status.value,
              tokenReady: token.isReady.value,
            }),
          );
      },
    });
    app.use(TriggerRealtimePlugin, auth);
    const html = await renderToString(app);
    expect(JSON.parse(html.replace(/^<pre>|<\/pre>$/g, "").replace(/&quot;/g, '"'))).toEqual({
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

    // Not listened to means nothing starts later either.
    expect(selectRunStore(controller.id, auth).lc).toBe(0);
    expect(selectRunsWithTagStore(["ssr"], auth).lc).toBe(0);
    expect(selectStreamStore(controller.id, "text", auth).lc).toBe(0);
    await quietPeriod();
    expect(requests).toEqual([]);
    expect(dev.server.stats().totalRequests).toBe(before);
  });
});
