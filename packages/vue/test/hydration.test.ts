import { afterEach, describe, expect, it } from "vitest";
import { createSSRApp, h, type App } from "vue";
import { renderToString } from "vue/server-renderer";
import { expectConnectionsToStayClosed, useDevServer } from "@trigger-realtime/test-support";
import { TriggerRealtimePlugin, useRun } from "../src/index.js";
import { hydrate, until } from "./support.js";

const dev = useDevServer();
let app: App | undefined;
afterEach(() => app?.unmount());

describe("hydration", () => {
  it("hydrates the server's HTML without a mismatch, then subscribes in the browser", async () => {
    const controller = dev.server.createRun({});
    const Page = {
      setup() {
        const { run, isLoading } = useRun(controller.id);
        return () => h("p", isLoading.value ? "loading" : (run.value?.status ?? "-"));
      },
    };
    const auth = { accessToken: dev.readToken, baseURL: dev.baseURL };
    const before = dev.server.stats().totalRequests;
    const html = await renderToString(createSSRApp(Page).use(TriggerRealtimePlugin, auth));
    expect(html).toBe("<p>loading</p>");
    expect(dev.server.stats().totalRequests).toBe(before);

    app = createSSRApp(Page).use(TriggerRealtimePlugin, auth);
    const { container, said } = hydrate(app, html);
    expect(said).not.toMatch(/hydration/i);
    await until(() => expect(container.textContent).toBe("QUEUED"));
    app.unmount();
    app = undefined;
    await expectConnectionsToStayClosed(dev.server);
  });
});
