import { act, cleanup, render, renderHook, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectConnections, expectNoOpenConnections, long, recordingFetch, requestsOf, useDevServer } from "@trigger-realtime/test-support";
import { useRealtimeRun, type RealtimeRun } from "../src/index.js";

const dev = useDevServer();
afterEach(cleanup);

describe("useRealtimeRun", () => {
  it("shows a progress task's run live until it completes", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("progress", { steps: 4, delayMs: 40 });
    function Progress({ runId }: { runId: string }) {
      const { run, isLoading } = useRealtimeRun(runId, { accessToken: publicAccessToken, baseURL: dev.baseURL });
      return (
        <div>
          <progress data-testid="bar" max={100} value={Number(run?.metadata?.progress ?? 0)} />
          <span data-testid="status">{isLoading ? "loading" : run?.status}</span>
        </div>
      );
    }
    render(<Progress runId={id} />);
    expect(screen.getByTestId("status").textContent).toBe("loading");
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("COMPLETED"), long);
    expect((screen.getByTestId("bar") as HTMLProgressElement).value).toBe(100);
  });

  it("goes from QUEUED through EXECUTING with metadata progress to COMPLETED, then closes", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { n: 1 } });
    const runId = controller.run.friendlyId;
    const { result } = renderHook(() => useRealtimeRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    expect(result.current).toMatchObject({ run: undefined, isLoading: true, error: undefined });

    await waitFor(() => expect(result.current.run?.status).toBe("QUEUED"), long);
    expect(result.current.isLoading).toBe(false);
    controller.start();
    await waitFor(() => expect(result.current.run?.status).toBe("EXECUTING"), long);
    for (const progress of [25, 50, 75]) {
      controller.setMetadata({ progress });
      await waitFor(() => expect(result.current.run?.metadata).toEqual({ progress }), long);
    }
    expect(result.current.status).toBe("live");
    controller.complete({ ok: true });
    await waitFor(() => expect(result.current.status).toBe("complete"), long);
    expect(result.current.run).toMatchObject({ id: runId, status: "COMPLETED", output: { ok: true }, payload: { n: 1 }, isSuccess: true });
    expect(result.current.error).toBeUndefined();
    // stopOnCompletion (default): no more polling after the run finished, even while mounted.
    await expectNoOpenConnections(dev.server);
  });

  it("calls onComplete once, only when the run has finished, with the latest callback", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const runId = controller.run.friendlyId;
    const first = vi.fn();
    const latest = vi.fn();
    const { result, rerender } = renderHook(({ onComplete }) => useRealtimeRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL, onComplete }), {
      initialProps: { onComplete: first },
    });
    await waitFor(() => expect(result.current.run?.status).toBe("QUEUED"), long);
    controller.start();
    controller.setMetadata({ step: 1 });
    await waitFor(() => expect(result.current.run?.metadata?.step).toBe(1), long);
    // A new closure on every render neither resubscribes nor fires anything.
    const shapeRequests = requestsOf(dev.server, "shape");
    rerender({ onComplete: latest });
    expect(requestsOf(dev.server, "shape")).toBe(shapeRequests);
    expect(first).not.toHaveBeenCalled();
    expect(latest).not.toHaveBeenCalled();

    controller.fail(new Error("boom"));
    await waitFor(() => expect(latest).toHaveBeenCalledTimes(1), long);
    const [finished] = latest.mock.calls[0]! as [RealtimeRun];
    expect(finished).toMatchObject({ id: runId, status: "FAILED", isFailed: true });
    expect(finished.finishedAt).toBeInstanceOf(Date);
    rerender({ onComplete: latest });
    expect(latest).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
  });

  it("calls onComplete once for a run already finished when it mounts, even under StrictMode", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const runId = controller.run.friendlyId;
    const options = { accessToken: dev.readToken, baseURL: dev.baseURL };
    // A first component keeps the shared store holding the finished run.
    const first = renderHook(() => useRealtimeRun(runId, options));
    controller.start();
    controller.complete("done");
    await waitFor(() => expect(first.result.current.status).toBe("complete"), long);

    const onComplete = vi.fn();
    renderHook(() => useRealtimeRun(runId, { ...options, onComplete }), { wrapper: StrictMode });
    await waitFor(() => expect(onComplete).toHaveBeenCalled(), long);
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ id: runId, status: "COMPLETED", output: "done" });
  });

  it("keeps following after completion with stopOnCompletion: false", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const onComplete = vi.fn();
    const { result, unmount } = renderHook(() =>
      useRealtimeRun(controller.run.friendlyId, { accessToken: dev.readToken, baseURL: dev.baseURL, stopOnCompletion: false, onComplete }),
    );
    controller.start();
    controller.complete("done");
    await waitFor(() => expect(result.current.run?.status).toBe("COMPLETED"), long);
    controller.setMetadata({ after: true });
    await waitFor(() => expect(result.current.run?.metadata).toEqual({ after: true }), long);
    expect(result.current.status).toBe("live");
    expect(onComplete).toHaveBeenCalledTimes(1);
    unmount();
    await expectNoOpenConnections(dev.server);
  });

  it("shows the new run, never the previous one, when the run id changes; onComplete fires per run id", async () => {
    const a = dev.server.createRun({ taskIdentifier: "manual", payload: "a" });
    const b = dev.server.createRun({ taskIdentifier: "manual", payload: "b" });
    a.start();
    a.complete("A");
    const onComplete = vi.fn();
    const seen: Array<string | undefined> = [];
    const { result, rerender } = renderHook(
      ({ runId }) => {
        const state = useRealtimeRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL, onComplete });
        seen.push(state.run?.payload as string | undefined);
        return state;
      },
      { initialProps: { runId: a.run.friendlyId } },
    );
    await waitFor(() => expect(result.current.run?.payload).toBe("a"), long);
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1), long);

    seen.length = 0;
    rerender({ runId: b.run.friendlyId });
    // The very first render with the new id already has no run: nothing of run a leaks.
    expect(seen[0]).toBeUndefined();
    expect(result.current.isLoading).toBe(true);
    await waitFor(() => expect(result.current.run?.payload).toBe("b"), long);
    expect(seen).not.toContain("a");
    expect(onComplete).toHaveBeenCalledTimes(1);
    b.start();
    b.complete("B");
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(2), long);
    expect(onComplete.mock.calls.map(([run]) => (run as RealtimeRun).output)).toEqual(["A", "B"]);
  });

  it("resubscribes with the new token when accessToken changes", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const runId = controller.run.friendlyId;
    const wrongScope = await dev.server.createPublicToken({ scopes: ["read:runs:run_someone_else"] });
    const { result, rerender } = renderHook(({ accessToken }) => useRealtimeRun(runId, { accessToken, baseURL: dev.baseURL }), {
      initialProps: { accessToken: wrongScope },
    });
    await waitFor(() => expect(result.current.status).toBe("error"), long);
    expect(result.current.error).toMatchObject({ code: "forbidden" });
    expect(result.current.run).toBeUndefined();

    const readThisRun = await dev.server.createPublicToken({ scopes: [`read:runs:${runId}`] });
    rerender({ accessToken: readThisRun });
    await waitFor(() => expect(result.current.run?.id).toBe(runId), long);
    expect(result.current.error).toBeUndefined();
    controller.start();
    await waitFor(() => expect(result.current.run?.status).toBe("EXECUTING"), long);
  });

  it("resubscribes when skipColumns changes, but not for a new array with the same columns", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { big: "x".repeat(100) } });
    const runId = controller.run.friendlyId;
    const { fetch, urls } = recordingFetch();
    const { result, rerender } = renderHook(
      ({ skipColumns }) => useRealtimeRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL, fetch, skipColumns }),
      { initialProps: { skipColumns: ["payload"] as ("payload" | "output" | "metadata")[] } },
    );
    await waitFor(() => expect(result.current.run?.status).toBe("QUEUED"), long);
    expect(result.current.run?.payload).toBeUndefined();
    const before = urls.length;
    rerender({ skipColumns: ["payload"] });
    rerender({ skipColumns: ["payload"] });
    expect(urls.length).toBe(before);

    rerender({ skipColumns: ["metadata"] });
    await waitFor(() => expect(result.current.run?.payload).toEqual({ big: "x".repeat(100) }), long);
    expect(urls.slice(before).some((url) => new URL(url).searchParams.get("skipColumns") === "metadata")).toBe(true);
  });

  it("keeps showing the run and its updates when the id option changes", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const runId = controller.run.friendlyId;
    const { result, rerender } = renderHook(({ id }) => useRealtimeRun(runId, { id, accessToken: dev.readToken, baseURL: dev.baseURL }), {
      initialProps: { id: "first" },
    });
    await waitFor(() => expect(result.current.run?.status).toBe("QUEUED"), long);
    rerender({ id: "second" });
    expect(result.current.run?.id).toBe(runId);
    controller.start();
    await waitFor(() => expect(result.current.run?.status).toBe("EXECUTING"), long);
  });

  it("makes no request with enabled: false (even without a token), then starts when enabled", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const { fetch, urls } = recordingFetch();
    const { result, rerender } = renderHook(
      ({ enabled, accessToken }) => useRealtimeRun(controller.run.friendlyId, { enabled, accessToken, baseURL: dev.baseURL, fetch }),
      { initialProps: { enabled: false, accessToken: undefined as string | undefined } },
    );
    expect(result.current).toMatchObject({ run: undefined, error: undefined, isLoading: false, status: "idle" });
    rerender({ enabled: false, accessToken: dev.readToken });
    // Proving that nothing happens needs a pause: long enough for a started request to show.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(urls).toEqual([]);
    expect(result.current.status).toBe("idle");

    rerender({ enabled: true, accessToken: dev.readToken });
    await waitFor(() => expect(result.current.run?.status).toBe("QUEUED"), long);
    expect(urls.length).toBeGreaterThan(0);
  });

  it("is idle without a run id, and shows a missing token in error instead of throwing", () => {
    const idle = renderHook(() => useRealtimeRun(undefined, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    expect(idle.result.current).toMatchObject({ run: undefined, error: undefined, isLoading: false, status: "idle" });
    const missing = renderHook(() => useRealtimeRun("run_1234", { baseURL: dev.baseURL }));
    expect(missing.result.current.status).toBe("error");
    expect(missing.result.current.error?.message).toMatch(/access token/i);
  });

  it("shows an expired token as an error in state", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const expired = await dev.server.createPublicToken({ scopes: ["read:all"], expirationTime: new Date(Date.now() - 60_000) });
    const { result } = renderHook(() => useRealtimeRun(controller.run.friendlyId, { accessToken: expired, baseURL: dev.baseURL }));
    await waitFor(() => expect(result.current.status).toBe("error"), long);
    expect(result.current.error).toMatchObject({ name: "RealtimeError", code: "unauthorized" });
    expect(result.current.run).toBeUndefined();
  });

  it("shows a token for another run as an error in state", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const other = await dev.server.createPublicToken({ scopes: ["read:runs:run_other"] });
    const { result } = renderHook(() => useRealtimeRun(controller.run.friendlyId, { accessToken: other, baseURL: dev.baseURL }));
    await waitFor(() => expect(result.current.status).toBe("error"), long);
    expect(result.current.error).toMatchObject({ code: "forbidden" });
  });

  it("stop() closes the connection and keeps the last run", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const { result } = renderHook(() => useRealtimeRun(controller.run.friendlyId, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(result.current.run?.status).toBe("QUEUED"), long);
    act(() => result.current.stop());
    await waitFor(() => expect(result.current.status).toBe("stopped"), long);
    await expectNoOpenConnections(dev.server);
    controller.start();
    // Another subscription (its own options, so its own connection) shows the change arrive;
    // the stopped one must not have followed it.
    const witness = renderHook(() =>
      useRealtimeRun(controller.run.friendlyId, { accessToken: dev.readToken, baseURL: dev.baseURL, stopOnCompletion: false }),
    );
    await waitFor(() => expect(witness.result.current.run?.status).toBe("EXECUTING"), long);
    expect(result.current).toMatchObject({ status: "stopped", run: { status: "QUEUED" } });
  });

  it("opens one connection under StrictMode", async () => {
    await expectNoOpenConnections(dev.server);
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const shapeRequests = requestsOf(dev.server, "shape");
    const { result, unmount } = renderHook(
      () => useRealtimeRun(controller.run.friendlyId, { accessToken: dev.readToken, baseURL: dev.baseURL }),
      { wrapper: StrictMode },
    );
    await waitFor(() => expect(result.current.run?.status).toBe("QUEUED"), long);
    await expectConnections(dev.server, { openShapeRequests: 1, openStreams: 0 });
    // One snapshot request and one live long-poll: StrictMode's second mount reused the store.
    expect(requestsOf(dev.server, "shape") - shapeRequests).toBe(2);
    unmount();
    await expectNoOpenConnections(dev.server);
  });

  it("shares one long-poll between 50 components on one run", async () => {
    await expectNoOpenConnections(dev.server);
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const runId = controller.run.friendlyId;
    function Badge({ index }: { index: number }) {
      // A new options object and a new skipColumns array on every render, as apps write them.
      const { run } = useRealtimeRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL, skipColumns: ["payload"] });
      return <li data-testid={`badge-${index}`}>{run?.metadata?.progress as number | undefined}</li>;
    }
    const { unmount } = render(
      <ul>
        {Array.from({ length: 50 }, (_, index) => (
          <Badge key={index} index={index} />
        ))}
      </ul>,
    );
    controller.start();
    controller.setMetadata({ progress: 42 });
    await waitFor(() => expect(screen.getAllByText("42")).toHaveLength(50), long);
    await expectConnections(dev.server, { openShapeRequests: 1, openStreams: 0 });
    unmount();
    await expectNoOpenConnections(dev.server);
  });
});
