// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { eventually, quietPeriod, requestsOf, waitForState } from "@trigger-realtime/test-support";
import { runQuery } from "../src/index.js";
import { useDevServerWithClients } from "./support/server.js";

// Revalidation on focus and reconnect, in a browser-like window.

const dev = useDevServerWithClients();

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function mounted(options: Parameters<typeof runQuery>[2]) {
  const run = dev.server.createRun({});
  const store = runQuery(await dev.client(), run.id, options);
  cleanups.push(store.listen(() => {}));
  await waitForState(store, (s) => s.run?.status === "QUEUED");
  run.start();
  return { run, store };
}

describe("runQuery in a browser", () => {
  it("fetches again when the window gets the focus and when the browser is back online", async () => {
    const { run, store } = await mounted({});
    window.dispatchEvent(new Event("focus"));
    await waitForState(store, (s) => s.run?.status === "EXECUTING");
    run.complete();
    window.dispatchEvent(new Event("online"));
    expect((await waitForState(store, (s) => s.status === "complete")).run?.status).toBe("COMPLETED");
  });

  it("leaves focus and reconnect alone when told to", async () => {
    const { store } = await mounted({ revalidateOnFocus: false, revalidateOnReconnect: false });
    const before = requestsOf(dev.server, "run");
    window.dispatchEvent(new Event("focus"));
    window.dispatchEvent(new Event("online"));
    document.dispatchEvent(new Event("visibilitychange"));
    await quietPeriod();
    expect(requestsOf(dev.server, "run")).toBe(before);
    expect(store.get().run?.status).toBe("QUEUED");
    // A visible page that becomes visible again revalidates when focus revalidation is on.
    const other = await mounted({});
    document.dispatchEvent(new Event("visibilitychange"));
    await eventually(() => other.store.get().run?.status === "EXECUTING", 5000, "a revalidation on visibilitychange");
  });
});
