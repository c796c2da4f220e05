import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectConnectionsToStayClosed, expectNoOpenConnections, long, unique } from "@trigger-realtime/test-support";
import { createRealtimeTaskTrigger, createTaskTrigger, type RealtimeRun } from "../src/index.js";
import { root } from "./root.js";
import { useDevServer } from "./dev-server.js";

const dev = useDevServer();
afterEach(cleanup);

const triggerToken = (task: string) => dev.server.createPublicToken({ scopes: [`trigger:tasks:${task}`] });

describe("createTaskTrigger", () => {
  it("triggers a task with every option forwarded; submit can be awaited", async () => {
    const token = await triggerToken("progress");
    const tag = unique("user");
    const { submit, handle, isLoading, error, dispose } = root(() => createTaskTrigger("progress", { accessToken: token, baseURL: dev.baseURL }));
    expect(isLoading()).toBe(false);
    const pending = submit({ steps: 1, delayMs: 1 }, { tags: [tag], metadata: { from: "solid" } });
    expect(isLoading()).toBe(true);
    const started = await pending;
    expect(started).toMatchObject({ id: expect.stringMatching(/^run_/), taskIdentifier: "progress", publicAccessToken: expect.any(String) });
    expect([handle(), isLoading(), error()]).toEqual([started, false, undefined]);
    const run = dev.server.getRun(started.id)!;
    expect(run.tags).toEqual([tag]);
    expect(run.metadata).toMatchObject({ from: "solid" });
    dispose();
  });

  it("rejects and shows the error when the token may not trigger the task, without an unhandled rejection", async () => {
    const token = await triggerToken("some-other-task");
    const { submit, error, handle, dispose } = root(() => createTaskTrigger("progress", { accessToken: token, baseURL: dev.baseURL }));
    await expect(submit({})).rejects.toMatchObject({ code: "forbidden" });
    expect(error()).toMatchObject({ code: "forbidden" });
    // Not awaited: the failure lands in error() and is never reported as unhandled.
    void submit({});
    await waitFor(() => expect(error()).toMatchObject({ code: "forbidden" }), long);
    expect(handle()).toBeUndefined();
    dispose();
  });

  it("rejects without a token, saying why", async () => {
    const { submit, error, dispose } = root(() => createTaskTrigger("progress", { baseURL: dev.baseURL }));
    expect(error()?.message).toMatch(/No access token/);
    await expect(submit({})).rejects.toThrow(/No access token/);
    dispose();
  });
});

describe("createRealtimeTaskTrigger", () => {
  it("triggers from a button and follows the run to completion, calling onComplete once", async () => {
    const token = await triggerToken("progress");
    const onComplete = vi.fn();
    function Trigger() {
      const { submit, run, isLoading, status } = createRealtimeTaskTrigger("progress", { accessToken: token, baseURL: dev.baseURL, onComplete });
      return (
        <div>
          <button disabled={isLoading()} onClick={() => submit({ steps: 3, delayMs: 20 })}>
            Start
          </button>
          <progress data-testid="bar" max={100} value={Number(run()?.metadata?.progress ?? 0)} />
          <span data-testid="status">{`${run()?.status ?? "none"} ${status()}`}</span>
        </div>
      );
    }
    render(() => <Trigger />);
    expect(screen.getByTestId("status").textContent).toBe("none idle");
    fireEvent.click(screen.getByText("Start"));
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("COMPLETED complete"), long);
    expect((screen.getByTestId("bar") as HTMLProgressElement).value).toBe(100);
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect((onComplete.mock.calls[0]![0] as RealtimeRun).output).toEqual({ steps: 3 });
  });

  it("follows the run's streams with withStreams", async () => {
    const token = await triggerToken("ai-stream");
    const { submit, run, streams, status, dispose } = root(() =>
      createRealtimeTaskTrigger<any, { text: string }>("ai-stream", { accessToken: token, baseURL: dev.baseURL, withStreams: true }),
    );
    await submit({ prompt: "Say something", delayMs: 5 });
    await waitFor(() => expect(status()).toBe("complete"), long);
    const output = (run()!.output as { text: string }).text;
    expect(output.length).toBeGreaterThan(0);
    expect(streams().text!.join("")).toBe(output);
    dispose();
    // The run feed stays open 30 s after the run finished while listened to: gone once disposed.
    await expectConnectionsToStayClosed(dev.server);
  });

  it("moves to each new run it triggers", async () => {
    const token = await dev.server.createPublicToken({ scopes: ["trigger:tasks:fail"] });
    const onComplete = vi.fn();
    const { submit, run, status, error, dispose } = root(() =>
      createRealtimeTaskTrigger("fail", { accessToken: token, baseURL: dev.baseURL, onComplete }),
    );
    const first = await submit({ delayMs: 1, message: "first" });
    await waitFor(() => expect(status()).toBe("complete"), long);
    expect(run()).toMatchObject({ id: first.id, status: "FAILED" });
    const second = await submit({ delayMs: 1, message: "second" });
    expect(run()?.id).not.toBe(first.id);
    await waitFor(() => expect(run()).toMatchObject({ id: second.id, status: "FAILED" }), long);
    expect(onComplete.mock.calls.map(([finished]) => (finished as RealtimeRun).id)).toEqual([first.id, second.id]);
    expect(error()).toBeUndefined();
    dispose();
  });

  it("only triggers with enabled: false", async () => {
    const token = await triggerToken("progress");
    const { submit, run, handle, status, dispose } = root(() =>
      createRealtimeTaskTrigger("progress", { accessToken: token, baseURL: dev.baseURL, enabled: false }),
    );
    const started = await submit({ steps: 1, delayMs: 1 });
    expect(handle()?.id).toBe(started.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([run(), status(), dev.server.stats().openShapeRequests]).toEqual([undefined, "idle", 0]);
    dispose();
  });

  it("closes the run subscription after the owner is disposed", async () => {
    await expectNoOpenConnections(dev.server);
    const token = await triggerToken("approval");
    const { submit, run, dispose } = root(() => createRealtimeTaskTrigger("approval", { accessToken: token, baseURL: dev.baseURL }));
    await submit({ question: "Keep waiting?" });
    await waitFor(() => expect(run()?.status).toBe("WAITING"), long);
    expect(dev.server.stats().openShapeRequests).toBe(1);
    dispose();
    await expectNoOpenConnections(dev.server);
  });
});
