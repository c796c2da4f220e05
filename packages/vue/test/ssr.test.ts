// @vitest-environment node
import { describe, expect, it } from "vitest";
import { createSSRApp, h } from "vue";
import { renderToString } from "vue/server-renderer";
import { TriggerRealtimePlugin, useRun, useRunsWithTag, useStream } from "../src/index.js";
import { useDevServer } from "./support.js";

const dev = useDevServer();

describe("server rendering", () => {
  it("renders the initial state and makes no request", async () => {
    const run = dev.server.createRun({ tags: ["ssr"] });
    const token = await dev.token();
    const before = dev.server.stats().totalRequests;
    const app = createSSRApp({
      setup() {
        const { run: current, status } = useRun(run.id);
        const { runs } = useRunsWithTag("ssr");
        const { parts } = useStream(run.id, "text");
        return () => h("p", `${status.value}:${current.value?.id ?? "none"}:${runs.value.length}:${parts.value.length}`);
      },
    });
    app.use(TriggerRealtimePlugin, { accessToken: token, baseURL: dev.server.url });
    const html = await renderToString(app);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(html).toBe("<p>idle:none:0:0</p>");
    expect(dev.server.stats().totalRequests).toBe(before);
  });
});
