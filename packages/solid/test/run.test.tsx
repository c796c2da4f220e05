import { createComputed, createSignal } from "solid-js";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectNoOpenConnections, long, recordingFetch, windowsSince } from "@trigger-realtime/test-support";
import { createRun, type RealtimeRun } from "../src/index.js";
import { root } from "./root.js";
import { useDevServer } from "./dev-server.js";

const dev = useDevServer();
afterEach(cleanup);

describe("createRun", () => {
  it("shows a progress run from its metadata until it completes", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("progress", { steps: 4, delayMs: 40 });
    function Progress(props: { runId: string }) {
      const { run, isLoading } = createRun(() => props.runId, { accessToken: publicAccessToken, baseURL: dev.baseURL });
      return (
        <div>
          <progress data-testid="bar" max={100} value={Number(run()?.metadata?.progress ?? 0)} />
          <span data-testid="status">{isLoading() ? "loading" : run()?.status}</span>
        </div>
      );
    }
    render(() => <Progress runId={id} />);
    expect(screen.getByTestId("status").textContent).toBe("loading");
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("COMPLETED"), long);
    expect((screen.getByTestId("bar") as HTMLProgressElement).value).toBe(100);
  });

  it("follows each update of a run, then stops with the run (status complete)", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { n: 1 } });
    const runId = controller.run.friendlyId;
    const { run, status, error, dispose } = root(() => createRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(run()?.status).toBe("QUEUED"), long);
    controller.start();
    controller.setMetadata({ progress: 30 });
    await waitFor(() => expect(run()?.metadata).toEqual({ progress: 30 }), long);
    expect(run()?.status).toBe("EXECUTING");
    expect(status()).toBe("live");
    controller.complete({ ok: true });
    await waitFor(() => expect(status()).toBe("complete"), long);
    expect(run()).toMatchObject({ status: "COMPLETED", output: { ok: true }, payload: { n: 1 }, isSuccess: true });
    expect(error()).toBeUndefined();
    dispose();
  });

  it("calls onComplete once, only when the run has finished", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const onComplete = vi.fn();
    const { run, status, dispose } = root(() =>
      createRun(controller.run.friendlyId, { accessToken: dev.readToken, baseURL: dev.baseURL, onComplete }),
    );
    controller.start();
    controller.setMetadata({ step: 1 });
    await waitFor(() => expect(run()?.metadata?.step).toBe(1), long);
    expect(onComplete).not.toHaveBeenCalled();
    controller.fail(new Error("boom"));
    await waitFor(() => expect(status()).toBe("complete"), long);
    expect(onComplete).toHaveBeenCalledTimes(1);
    const [finished] = onComplete.mock.calls[0]! as [RealtimeRun];
    expect(finished).toMatchObject({ id: controller.run.friendlyId, status: "FAILED", isFailed: true });
    expect(finished.finishedAt).toBeInstanceOf(Date);
    dispose();
  });

  it("keeps following after completion with stopOnCompletion: false, still calling onComplete once", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const onComplete = vi.fn();
    const { run, status, dispose } = root(() =>
      createRun(controller.run.friendlyId, { accessToken: dev.readToken, baseURL: dev.baseURL, stopOnCompletion: false, onComplete }),
    );
    controller.start();
    controller.complete("done");
    await waitFor(() => expect(run()?.status).toBe("COMPLETED"), long);
    controller.setMetadata({ after: true });
    await waitFor(() => expect(run()?.metadata).toEqual({ after: true }), long);
    expect(status()).toBe("live");
    expect(onComplete).toHaveBeenCalledTimes(1);
    dispose();
  });

  it("moves to a new run id at once, never showing the previous run for it", async () => {
    const first = dev.server.createRun({ taskIdentifier: "manual", metadata: { name: "first" } });
    const second = dev.server.createRun({ taskIdentifier: "manual", metadata: { name: "second" } });
    const [runId, setRunId] = createSignal(first.run.friendlyId);
    // Every (id, shown run) pair any computation could see, as a component's DOM would.
    const shown: Array<[string, string | undefined]> = [];
    const { run, dispose } = root(() => {
      const result = createRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL });
      createComputed(() => shown.push([runId(), result.run()?.id]));
      return result;
    });
    await waitFor(() => expect(run()?.metadata?.name).toBe("first"), long);

    setRunId(second.run.friendlyId);
    expect(run()).toBeUndefined();
    await waitFor(() => expect(run()?.metadata?.name).toBe("second"), long);
    // The old run's updates no longer reach this primitive.
    first.setMetadata({ name: "first, updated" });
    second.setMetadata({ name: "second, updated" });
    await waitFor(() => expect(run()?.metadata?.name).toBe("second, updated"), long);
    expect(shown.filter(([id, shownId]) => shownId !== undefined && shownId !== id)).toEqual([]);
    expect(shown.at(-1)).toEqual([second.run.friendlyId, second.run.friendlyId]);
    // The first run's long-poll is closed: one live subscription is left.
    await vi.waitFor(() => expect(dev.server.stats().openShapeRequests).toBe(1), { timeout: 5_000, interval: 50 });
    dispose();
    await expectNoOpenConnections(dev.server);
  });

  it("leaves out skipColumns", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { secret: "s3cret" }, metadata: { visible: 1 } });
    const options = { accessToken: dev.readToken, baseURL: dev.baseURL };
    const { run: slim, dispose } = root(() => createRun(controller.run.friendlyId, { ...options, skipColumns: ["payload", "metadata"] }));
    const { run: full, dispose: disposeFull } = root(() => createRun(controller.run.friendlyId, options));
    await waitFor(() => expect(full()?.payload).toEqual({ secret: "s3cret" }), long);
    await waitFor(() => expect(slim()?.status).toBe("QUEUED"), long);
    expect(slim()?.payload).toBeUndefined();
    expect(slim()?.metadata).toBeUndefined();
    dispose();
    disposeFull();
  });

  it("publishes at most one update per throttle window", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", metadata: { n: 0 } });
    const values: unknown[] = [];
    const { run, dispose } = root(() => {
      const result = createRun(controller.run.friendlyId, { accessToken: dev.readToken, baseURL: dev.baseURL, experimental_throttleInMs: 1_000 });
      createComputed(() => values.push(result.run()?.metadata?.n));
      return result;
    });
    await waitFor(() => expect(run()?.metadata?.n).toBe(0), long);
    const before = values.length;
    const started = Date.now();
    for (let n = 1; n <= 8; n++) {
      controller.setMetadata({ n });
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await waitFor(() => expect(run()?.metadata?.n).toBe(8), long);
    // Eight changes about 60 ms apart: one publish per started 1 s window (without the throttle, about eight).
    expect(values.length - before).toBeLessThanOrEqual(windowsSince(started, 1_000) + 1);
    dispose();
  });

  it("makes no request with enabled: false, and subscribes once enabled", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const recorder = recordingFetch();
    const [enabled, setEnabled] = createSignal(false);
    const { run, status, isLoading, dispose } = root(() =>
      createRun(controller.run.friendlyId, () => ({ enabled: enabled(), accessToken: dev.readToken, baseURL: dev.baseURL, fetch: recorder.fetch })),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorder.urls).toEqual([]);
    expect([run(), status(), isLoading()]).toEqual([undefined, "idle", false]);

    setEnabled(true);
    await waitFor(() => expect(run()?.id).toBe(controller.run.friendlyId), long);
    expect(recorder.urls.some((url) => url.includes(`/realtime/v1/runs/${controller.run.friendlyId}`))).toBe(true);
    dispose();
  });

  it("closes its connection after the owner is disposed", async () => {
    await expectNoOpenConnections(dev.server);
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const { status, dispose } = root(() => createRun(controller.run.friendlyId, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(status()).toBe("live"), long);
    await vi.waitFor(() => expect(dev.server.stats().openShapeRequests).toBe(1), { timeout: 5_000, interval: 50 });
    dispose();
    await expectNoOpenConnections(dev.server);
  });

  it("shares one connection between primitives on the same run", async () => {
    await expectNoOpenConnections(dev.server);
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const options = { accessToken: dev.readToken, baseURL: dev.baseURL };
    const a = root(() => createRun(controller.run.friendlyId, options));
    const b = root(() => createRun(() => controller.run.friendlyId, () => ({ ...options })));
    await waitFor(() => expect([a.status(), b.status()]).toEqual(["live", "live"]), long);
    controller.setMetadata({ shared: true });
    await waitFor(() => expect([a.run()?.metadata, b.run()?.metadata]).toEqual([{ shared: true }, { shared: true }]), long);
    expect(dev.server.stats().openShapeRequests).toBe(1);
    a.dispose();
    controller.setMetadata({ shared: "still" });
    await waitFor(() => expect(b.run()?.metadata).toEqual({ shared: "still" }), long);
    b.dispose();
    await expectNoOpenConnections(dev.server);
  });
});

describe("createRun errors", () => {
  it("reports a token without the scope as forbidden", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const token = await dev.server.createPublicToken({ scopes: ["read:runs:run_someone_else"] });
    const { run, error, status, dispose } = root(() => createRun(controller.run.friendlyId, { accessToken: token, baseURL: dev.baseURL }));
    await waitFor(() => expect(status()).toBe("error"), long);
    expect(error()).toMatchObject({ name: "RealtimeError", code: "forbidden" });
    expect(run()).toBeUndefined();
    dispose();
  });

  it("reports an expired token as unauthorized", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const token = await dev.server.createPublicToken({ scopes: ["read:all"], expirationTime: Math.floor(Date.now() / 1000) - 60 });
    const { error, status, dispose } = root(() => createRun(controller.run.friendlyId, { accessToken: token, baseURL: dev.baseURL }));
    await waitFor(() => expect(status()).toBe("error"), long);
    expect(error()).toMatchObject({ code: "unauthorized" });
    dispose();
  });

  it("says so when no token is given (and does not throw)", () => {
    const { error, status, dispose } = root(() => createRun("run_1234", { baseURL: dev.baseURL }));
    expect(status()).toBe("error");
    expect(error()?.message).toMatch(/No access token/);
    dispose();
  });

  it("moves to a new token: from forbidden to the run", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", metadata: { ok: 1 } });
    const wrong = await dev.server.createPublicToken({ scopes: ["read:runs:run_nope"] });
    const [token, setToken] = createSignal(wrong);
    const { run, error, dispose } = root(() => createRun(controller.run.friendlyId, () => ({ accessToken: token(), baseURL: dev.baseURL })));
    await waitFor(() => expect(error()).toMatchObject({ code: "forbidden" }), long);
    setToken(await dev.server.createPublicToken({ scopes: [`read:runs:${controller.run.friendlyId}`] }));
    await waitFor(() => expect(run()?.metadata).toEqual({ ok: 1 }), long);
    expect(error()).toBeUndefined();
    dispose();
  });
});
