import { render, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { runReadOnServer } from "@trigger-realtime/test-support";
import RunesRun from "./fixtures/RunesRun.svelte";
import { text, useDevServer, within10s } from "./helpers.js";

const dev = useDevServer();

describe("initialState", () => {
  it("shows the state read on the server from the first render, then follows the run without reading it again", async () => {
    const { controller, auth, initialState, fetch, readFromStart } = await runReadOnServer(dev, { label: "server" });

    const { unmount } = render(RunesRun, { runId: controller.id, options: { ...auth, fetch, initialState } });
    expect(text("run-status")).toBe("EXECUTING");
    expect(text("label")).toBe("server");

    controller.setMetadata({ label: "live" });
    await waitFor(() => expect(text("label")).toBe("live"), within10s);
    controller.complete({ ok: true });
    await waitFor(() => expect(text("run-status")).toBe("COMPLETED"), within10s);
    expect(readFromStart()).toBe(false);
    unmount();
  });
});
