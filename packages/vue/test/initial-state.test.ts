import { afterEach, describe, expect, it } from "vitest";
import { createSSRApp, h, type App } from "vue";
import { renderToString } from "vue/server-renderer";
import { runReadOnServer, useDevServer } from "@trigger-realtime/test-support";
import { useRun } from "../src/index.js";
import { hydrate, until } from "./support.js";

const dev = useDevServer();
let app: App | undefined;
afterEach(() => app?.unmount());

describe("initialState", () => {
  it("renders the state read on the server, hydrates it without a mismatch, then follows the run without reading it again", async () => {
    const { controller, auth, initialState, fetch, readFromStart } = await runReadOnServer(dev, { progress: 40 });
    const Page = {
      setup() {
        const { run, isLoading } = useRun(controller.id, { ...auth, fetch, initialState });
        return () => h("p", isLoading.value ? "loading" : `${run.value?.status} ${String(run.value?.metadata?.progress)}`);
      },
    };
    const html = await renderToString(createSSRApp(Page));
    expect(html).toBe("<p>EXECUTING 40</p>");

    app = createSSRApp(Page);
    const { container, said } = hydrate(app, html);
    expect(said).not.toMatch(/hydration|mismatch/i);
    controller.setMetadata({ progress: 90 });
    await until(() => expect(container.textContent).toBe("EXECUTING 90"));
    controller.complete({ ok: true });
    await until(() => expect(container.textContent).toBe("COMPLETED 90"));
    expect(readFromStart()).toBe(false);
  });
});
