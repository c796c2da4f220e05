import { createElement, useEffect } from "react";
import { hydrateRoot, type Root } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { eventually, runReadOnServer, useDevServer } from "@trigger-realtime/test-support";
import { useRealtimeRun } from "../src/index.js";

const dev = useDevServer();
let root: Root | undefined;
afterEach(() => {
  root?.unmount();
  root = undefined;
});

describe("initialState", () => {
  it("renders the state read on the server, hydrates it without a mismatch, then follows the run without reading it again", async () => {
    const { controller, auth, initialState, fetch, readFromStart } = await runReadOnServer(dev, { progress: 40 });
    let hydrated = false;
    function Page() {
      const { run, isLoading } = useRealtimeRun(controller.id, { ...auth, fetch, initialState });
      useEffect(() => void (hydrated = true), []);
      return createElement("p", null, isLoading ? "loading" : `${run?.status} ${String(run?.metadata?.progress)}`);
    }
    const html = renderToString(createElement(Page));
    expect(html).toBe("<p>EXECUTING 40</p>");

    const container = document.createElement("div");
    container.innerHTML = html;
    document.body.append(container);
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const recoverable: unknown[] = [];
    try {
      root = hydrateRoot(container, createElement(Page), { onRecoverableError: (cause) => recoverable.push(cause) });
      await eventually(() => hydrated, 10_000, "hydration");
      expect(recoverable).toEqual([]);
      expect(error.mock.calls.flat().join("\n")).not.toMatch(/hydrat|mismatch/i);
    } finally {
      error.mockRestore();
    }
    expect(container.textContent).toBe("EXECUTING 40");
    controller.setMetadata({ progress: 90 });
    await eventually(() => container.textContent === "EXECUTING 90", 10_000, "the live update");
    controller.complete({ ok: true });
    await eventually(() => container.textContent === "COMPLETED 90", 10_000, "the completion");
    expect(readFromStart()).toBe(false);
  });
});
