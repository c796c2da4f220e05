import { cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { long, sleep, useDevServer, windowsSince } from "@trigger-realtime/test-support";
import { useRealtimeRun, useRealtimeStream } from "../src/index.js";

const dev = useDevServer();
afterEach(cleanup);

describe("auth options", () => {
  it("recovers from an expired token with refreshAccessToken, calling the latest function", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const expired = await dev.server.createPublicToken({ scopes: ["read:all"], expirationTime: new Date(Date.now() - 60_000) });
    const stale = vi.fn(async () => "not-a-token");
    const latest = vi.fn(async () => dev.readToken);
    const { result, rerender } = renderHook(
      ({ refreshAccessToken }) => useRealtimeRun(controller.run.friendlyId, { accessToken: expired, baseURL: dev.baseURL, refreshAccessToken }),
      { initialProps: { refreshAccessToken: stale } },
    );
    // Replaced before the first response can arrive: the 401 is answered by the latest one.
    rerender({ refreshAccessToken: latest });
    await waitFor(() => expect(result.current.run?.status).toBe("QUEUED"), long);
    expect(latest).toHaveBeenCalled();
    expect(stale).not.toHaveBeenCalled();
    expect(result.current.error).toBeUndefined();
  });

  it("sends previewBranch and uses a custom fetch", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const branches: Array<string | null> = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      branches.push(new Headers(init?.headers).get("x-trigger-branch"));
      return globalThis.fetch(input, init);
    };
    const { result } = renderHook(() =>
      useRealtimeRun(controller.run.friendlyId, { accessToken: dev.readToken, baseURL: dev.baseURL, previewBranch: "feature-x", fetch }),
    );
    await waitFor(() => expect(result.current.run?.status).toBe("QUEUED"), long);
    expect(branches.length).toBeGreaterThan(0);
    expect(new Set(branches)).toEqual(new Set(["feature-x"]));
  });
});

describe.each(["throttleInMs", "experimental_throttleInMs"] as const)("%s", (option) => {
  it("publishes at most one run update per window", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    controller.start();
    const seen: unknown[] = [];
    const { result } = renderHook(() => {
      const state = useRealtimeRun(controller.run.friendlyId, { accessToken: dev.readToken, baseURL: dev.baseURL, [option]: 1_000 });
      const progress = state.run?.metadata?.progress;
      if (progress !== undefined && seen.at(-1) !== progress) seen.push(progress);
      return state;
    });
    await waitFor(() => expect(result.current.run?.status).toBe("EXECUTING"), long);
    // Six changes about 50 ms apart (without the throttle, six publishes).
    const started = Date.now();
    for (let progress = 1; progress <= 6; progress++) {
      controller.setMetadata({ progress });
      await sleep(50);
    }
    await waitFor(() => expect(result.current.run?.metadata?.progress).toBe(6), long);
    expect(seen.length).toBeLessThanOrEqual(windowsSince(started, 1_000) + 1);
  });

  it("batches stream parts per window", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    controller.start();
    const lengths: number[] = [];
    const { result } = renderHook(() => {
      const state = useRealtimeStream<number>(controller.run.friendlyId, "numbers", { accessToken: dev.readToken, baseURL: dev.baseURL, [option]: 1_000 });
      if (lengths.at(-1) !== state.parts.length) lengths.push(state.parts.length);
      return state;
    });
    await waitFor(() => expect(result.current.status).toBe("live"), long);
    const started = Date.now();
    for (let part = 1; part <= 6; part++) {
      controller.appendStream("numbers", part);
      await sleep(50);
    }
    await waitFor(() => expect(result.current.parts).toEqual([1, 2, 3, 4, 5, 6]), long);
    // The initial empty list, then at most one publish per window (plus the leading one).
    expect(lengths.length).toBeLessThanOrEqual(windowsSince(started, 1_000) + 2);
  });
});
