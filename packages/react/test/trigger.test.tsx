import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectNoOpenConnections, long, unique, useDevServer } from "@trigger-realtime/test-support";
import {
  useRealtimeRun,
  useRealtimeTaskTrigger,
  useRealtimeTaskTriggerWithStreams,
  useTaskTrigger,
  useWaitToken,
  type AnyTask,
  type RunHandle,
} from "../src/index.js";

const dev = useDevServer();
afterEach(cleanup);

const triggerToken = (...tasks: string[]) => dev.server.createPublicToken({ scopes: tasks.map((task) => `trigger:tasks:${task}`) });

describe("useTaskTrigger", () => {
  it("triggers with an awaitable submit, forwarding trigger options, and its handle reads the run", async () => {
    const accessToken = await triggerToken("progress");
    const tag = unique("tag");
    const { result } = renderHook(() => useTaskTrigger("progress", { accessToken, baseURL: dev.baseURL }));
    expect(result.current).toMatchObject({ isLoading: false, handle: undefined, error: undefined });

    let pending!: Promise<RunHandle>;
    act(() => {
      pending = result.current.submit({ steps: 2, delayMs: 10 }, { tags: [tag], metadata: { from: "test" } });
    });
    expect(result.current.isLoading).toBe(true);
    const handle = await act(() => pending);
    expect(handle).toMatchObject({ id: expect.stringMatching(/^run_/), publicAccessToken: expect.any(String), taskIdentifier: "progress" });
    expect(result.current).toMatchObject({ isLoading: false, handle, error: undefined });
    expect(dev.server.getRun(handle.id)?.tags).toEqual([tag]);

    const run = renderHook(() => useRealtimeRun(handle.id, { accessToken: handle.publicAccessToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(run.result.current.run?.status).toBe("COMPLETED"), long);
    expect(run.result.current.run?.metadata).toMatchObject({ from: "test", progress: 100 });
  });

  it("puts a refused trigger in error; the promise rejects when awaited and is harmless when not", async () => {
    const accessToken = await triggerToken("progress");
    const { result } = renderHook(() => useTaskTrigger("fail", { accessToken, baseURL: dev.baseURL }));
    // Not awaited: an unhandled rejection would fail this test run.
    act(() => void result.current.submit({}));
    await waitFor(() => expect(result.current.error).toMatchObject({ code: "forbidden" }), long);
    expect(result.current).toMatchObject({ isLoading: false, handle: undefined });
    await expect(result.current.submit({})).rejects.toMatchObject({ name: "RealtimeError", code: "forbidden" });
  });

  it("without a token shows the error at once and rejects submit quietly; enabled: false only hides it", async () => {
    const { result } = renderHook(() => useTaskTrigger("progress", { baseURL: dev.baseURL }));
    expect(result.current.error?.message).toMatch(/access token/i);
    act(() => void result.current.submit({}));
    await expect(result.current.submit({})).rejects.toThrow(/access token/i);

    const disabled = renderHook(() => useTaskTrigger("progress", { baseURL: dev.baseURL, enabled: false }));
    expect(disabled.result.current.error).toBeUndefined();
  });
});

describe("useRealtimeTaskTrigger", () => {
  it("triggers, follows the run live, and follows each new run after the next submit", async () => {
    const accessToken = await triggerToken("progress");
    const onComplete = vi.fn();
    const { result } = renderHook(() => useRealtimeTaskTrigger("progress", { accessToken, baseURL: dev.baseURL, onComplete }));
    expect(result.current).toMatchObject({ run: undefined, handle: undefined, status: "idle", isLoading: false });

    const first = await act(() => result.current.submit({ steps: 2, delayMs: 10 }));
    await waitFor(() => expect(result.current.run?.status).toBe("COMPLETED"), long);
    expect(result.current.run?.id).toBe(first.id);
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1), long);

    const second = await act(() => result.current.submit({ steps: 3, delayMs: 10 }));
    expect(second.id).not.toBe(first.id);
    expect(result.current.handle?.id).toBe(second.id);
    // From the new handle on, the run shown is the new one (or none yet), never the first.
    expect(result.current.run?.id).not.toBe(first.id);
    await waitFor(() => expect(result.current.run).toMatchObject({ id: second.id, status: "COMPLETED" }), long);
    expect(result.current.run?.output).toEqual({ steps: 3 });
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(2), long);
    expect(result.current.error).toBeUndefined();
  });

  it("with enabled: false triggers without following the run", async () => {
    const accessToken = await triggerToken("progress");
    const { result } = renderHook(() => useRealtimeTaskTrigger("progress", { accessToken, baseURL: dev.baseURL, enabled: false }));
    const handle = await act(() => result.current.submit({ steps: 1, delayMs: 1 }));
    expect(result.current.handle?.id).toBe(handle.id);
    await expectNoOpenConnections(dev.server);
    expect(result.current).toMatchObject({ run: undefined, status: "idle" });
  });

  it("stop() closes the run subscription", async () => {
    const accessToken = await triggerToken("progress");
    const { result } = renderHook(() => useRealtimeTaskTrigger("progress", { accessToken, baseURL: dev.baseURL }));
    await act(() => result.current.submit({ steps: 50, delayMs: 200 }));
    await waitFor(() => expect(result.current.run?.status).toBe("EXECUTING"), long);
    act(() => result.current.stop());
    await waitFor(() => expect(result.current.status).toBe("stopped"), long);
    await expectNoOpenConnections(dev.server);
  });
});

describe("useRealtimeTaskTriggerWithStreams", () => {
  it("follows the triggered run's streams", async () => {
    const accessToken = await triggerToken("ai-stream");
    const { result } = renderHook(() =>
      useRealtimeTaskTriggerWithStreams<AnyTask, { text: string }>("ai-stream", { accessToken, baseURL: dev.baseURL }),
    );
    await act(() => result.current.submit({ prompt: "hello", delayMs: 5 }));
    await waitFor(() => expect(result.current.run?.status).toBe("COMPLETED"), long);
    const output = result.current.run!.output as { text: string };
    await waitFor(() => expect(result.current.streams.text?.join("")).toBe(output.text), long);
  });

  it("shows the run subscription's errors (here the connection cap), not only the trigger's", async () => {
    const accessToken = await triggerToken("progress");
    dev.server.setConnectionLimit(0);
    try {
      const { result } = renderHook(() => useRealtimeTaskTriggerWithStreams("progress", { accessToken, baseURL: dev.baseURL }));
      await act(() => result.current.submit({ steps: 20, delayMs: 100 }));
      await waitFor(() => expect(result.current.error).toMatchObject({ code: "rate_limited" }), long);
      expect(result.current.status).toBe("connecting");
    } finally {
      dev.server.setConnectionLimit(Number.POSITIVE_INFINITY);
    }
  });
});

describe("useWaitToken", () => {
  it("completes the approval task's wait token from an Approve button", async () => {
    const { id: runId, publicAccessToken } = await dev.server.trigger("approval", { question: "Ship it?" });

    function Approval() {
      const { run } = useRealtimeRun(runId, { accessToken: publicAccessToken, baseURL: dev.baseURL });
      const tokenId = run?.metadata?.waitpointId as string | undefined;
      const token = run?.metadata?.waitpointToken as string | undefined;
      const { complete, isLoading, isCompleted, isReady, error } = useWaitToken<{ approved: boolean }>(tokenId, {
        accessToken: token,
        baseURL: dev.baseURL,
        enabled: Boolean(token),
      });
      if (run?.isCompleted) return <p data-testid="result">{JSON.stringify(run.output)}</p>;
      return (
        <div>
          <p>{run?.metadata?.question as string}</p>
          <button disabled={!isReady || isLoading} onClick={() => complete({ approved: true })}>
            Approve
          </button>
          <span data-testid="sent">{String(isCompleted)}</span>
          {error && <p role="alert">{error.message}</p>}
        </div>
      );
    }

    render(<Approval />);
    await waitFor(() => expect(screen.getByText("Ship it?")).toBeTruthy(), long);
    await waitFor(() => expect((screen.getByText("Approve") as HTMLButtonElement).disabled).toBe(false), long);
    expect(screen.getByTestId("sent").textContent).toBe("false");
    fireEvent.click(screen.getByText("Approve"));
    await waitFor(() => expect(screen.getByTestId("result").textContent).toBe(JSON.stringify({ approved: true })), long);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("awaits complete, and reports isCompleted", async () => {
    const { id: runId, publicAccessToken } = await dev.server.trigger("approval", {});
    const run = renderHook(() => useRealtimeRun(runId, { accessToken: publicAccessToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(run.result.current.run?.metadata?.waitpointId).toBeDefined(), long);
    const { waitpointId, waitpointToken } = run.result.current.run!.metadata as { waitpointId: string; waitpointToken: string };

    const { result } = renderHook(() => useWaitToken(waitpointId, { accessToken: waitpointToken, baseURL: dev.baseURL }));
    expect(result.current).toMatchObject({ isReady: true, isLoading: false, isCompleted: false });
    await expect(act(() => result.current.complete({ approved: false }))).resolves.toEqual({ success: true });
    expect(result.current).toMatchObject({ isLoading: false, isCompleted: true, error: undefined });
    await waitFor(() => expect(run.result.current.run?.output).toEqual({ approved: false }), long);
  });

  it("is not ready without an id: complete rejects quietly and shows why", async () => {
    const { result } = renderHook(() => useWaitToken(undefined, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    expect(result.current).toMatchObject({ isReady: false, isCompleted: false, error: undefined });
    act(() => void result.current.complete({}));
    await waitFor(() => expect(result.current.error?.message).toMatch(/wait token/i), long);
    await expect(result.current.complete({})).rejects.toThrow(/wait token/i);
  });

  it("shows a token without write access to the waitpoint as an error", async () => {
    const { id: runId, publicAccessToken } = await dev.server.trigger("approval", {});
    const run = renderHook(() => useRealtimeRun(runId, { accessToken: publicAccessToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(run.result.current.run?.metadata?.waitpointId).toBeDefined(), long);
    const waitpointId = run.result.current.run!.metadata!.waitpointId as string;
    const { result } = renderHook(() => useWaitToken(waitpointId, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    act(() => void result.current.complete({ approved: true }));
    await waitFor(() => expect(result.current.error).toMatchObject({ code: "forbidden" }), long);
    expect(result.current.isCompleted).toBe(false);
  });
});
