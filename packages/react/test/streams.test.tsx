import { cleanup, render, renderHook, screen, waitFor } from "@testing-library/react";
import { streams } from "@trigger.dev/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectNoOpenConnections, long, useDevServer } from "@trigger-realtime/test-support";
import { useRealtimeRun, useRealtimeRunWithStreams, useRealtimeStream, type AnyTask, type StreamPart } from "../src/index.js";

const dev = useDevServer();
afterEach(cleanup);

/** A run no task executes, with `count` parts already in stream `key`. */
function runWithParts(key: string, count: number) {
  const controller = dev.server.createRun({ taskIdentifier: "manual" });
  controller.start();
  for (let index = 0; index < count; index++) controller.appendStream(key, `p${index}`);
  return controller;
}

describe("useRealtimeStream", () => {
  it("streams the ai-stream demo's tokens as they are written", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("ai-stream", { prompt: "sky", delayMs: 5 });
    const options = { accessToken: publicAccessToken, baseURL: dev.baseURL };
    const lengths: number[] = [];
    function Answer() {
      const { parts, error } = useRealtimeStream<string>(id, "text", options);
      const { run } = useRealtimeRun(id, options);
      if (lengths.at(-1) !== parts.length) lengths.push(parts.length);
      return (
        <div>
          <p data-testid="answer">{error ? error.message : parts.join("")}</p>
          <p data-testid="output">{(run?.output as { text?: string } | undefined)?.text}</p>
        </div>
      );
    }
    render(<Answer />);
    await waitFor(() => expect(screen.getByTestId("output").textContent).toContain('You asked: "sky"'), long);
    await waitFor(() => expect(screen.getByTestId("answer").textContent).toBe(screen.getByTestId("output").textContent), long);
    // Tokens arrived over several renders, not all at once at the end.
    expect(lengths.length).toBeGreaterThan(2);
  });

  it("reads a stream defined with streams.define, and the default key without one", async () => {
    const text = streams.define<string>({ id: "text" });
    const controller = runWithParts("text", 2);
    controller.appendStream("default", "d0");
    const runId = controller.run.friendlyId;
    const defined = renderHook(() => useRealtimeStream(text, runId, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    const byDefault = renderHook(() => useRealtimeStream<string>(runId, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(defined.result.current.parts).toEqual(["p0", "p1"]), long);
    await waitFor(() => expect(byDefault.result.current.parts).toEqual(["d0"]), long);
    controller.appendStream("text", "p2");
    await waitFor(() => expect(defined.result.current.parts).toEqual(["p0", "p1", "p2"]), long);
    expect(defined.result.current.lastEventId).toMatch(/2$/);
  });

  it("skips the first startIndex parts", async () => {
    const controller = runWithParts("text", 5);
    const { result } = renderHook(() =>
      useRealtimeStream<string>(controller.run.friendlyId, "text", { accessToken: dev.readToken, baseURL: dev.baseURL, startIndex: 3 }),
    );
    await waitFor(() => expect(result.current.parts).toEqual(["p3", "p4"]), long);
  });

  it("resumes after lastEventId with no replay and no gap", async () => {
    const controller = runWithParts("text", 3);
    const runId = controller.run.friendlyId;
    const options = { accessToken: dev.readToken, baseURL: dev.baseURL };
    const first = renderHook(() => useRealtimeStream<string>(runId, "text", options));
    await waitFor(() => expect(first.result.current.parts).toEqual(["p0", "p1", "p2"]), long);
    const saved = first.result.current.lastEventId!;
    first.unmount();

    controller.appendStream("text", "p3");
    const resumed = renderHook(() => useRealtimeStream<string>(runId, "text", { ...options, lastEventId: saved }));
    await waitFor(() => expect(resumed.result.current.parts).toEqual(["p3"]), long);
  });

  it("keeps only the newest maxParts parts", async () => {
    const controller = runWithParts("text", 4);
    const { result } = renderHook(() =>
      useRealtimeStream<string>(controller.run.friendlyId, "text", { accessToken: dev.readToken, baseURL: dev.baseURL, maxParts: 2 }),
    );
    await waitFor(() => expect(result.current.parts).toEqual(["p2", "p3"]), long);
    controller.appendStream("text", "p4");
    await waitFor(() => expect(result.current.parts).toEqual(["p3", "p4"]), long);
  });

  it('starts at the tail with from: "latest"', async () => {
    const controller = runWithParts("text", 3);
    const { result } = renderHook(() =>
      useRealtimeStream<string>(controller.run.friendlyId, "text", { accessToken: dev.readToken, baseURL: dev.baseURL, from: "latest" }),
    );
    await waitFor(() => expect(result.current.status).toBe("live"), long);
    controller.appendStream("text", "new");
    await waitFor(() => expect(result.current.parts.at(-1)).toBe("new"), long);
    expect(result.current.parts).not.toContain("p0");
  });

  it("calls onParts per update with ids, and onData per part, with the latest callbacks", async () => {
    const controller = runWithParts("text", 0);
    const batches: StreamPart<string>[][] = [];
    const data: string[] = [];
    const stale = vi.fn();
    const { result, rerender } = renderHook(
      ({ onData }) =>
        useRealtimeStream<string>(controller.run.friendlyId, "text", {
          accessToken: dev.readToken,
          baseURL: dev.baseURL,
          onParts: (parts) => batches.push(parts),
          onData,
        }),
      { initialProps: { onData: stale as (part: string) => void } },
    );
    await waitFor(() => expect(result.current.status).toBe("live"), long);
    rerender({ onData: (part) => data.push(part) });
    for (const part of ["a", "b", "c"]) controller.appendStream("text", part);
    await waitFor(() => expect(data).toEqual(["a", "b", "c"]), long);
    expect(stale).not.toHaveBeenCalled();
    const parts = batches.flat();
    expect(parts.map((part) => part.chunk)).toEqual(["a", "b", "c"]);
    for (const part of parts) {
      expect(part.id).toEqual(expect.any(String));
      expect(part.timestamp).toEqual(expect.any(Number));
    }
    expect(result.current.lastEventId).toBe(parts.at(-1)!.id);
  });

  it("ends quietly after timeoutInSeconds without data", async () => {
    const controller = runWithParts("text", 1);
    const { result } = renderHook(() =>
      useRealtimeStream<string>(controller.run.friendlyId, "text", { accessToken: dev.readToken, baseURL: dev.baseURL, timeoutInSeconds: 1 }),
    );
    await waitFor(() => expect(result.current.parts).toEqual(["p0"]), long);
    await waitFor(() => expect(result.current.status).toBe("complete"), long);
    expect(result.current.error).toBeUndefined();
  });

  it("switches to the other stream when the stream key changes, and closes on unmount", async () => {
    const controller = runWithParts("a", 1);
    controller.appendStream("b", "b0");
    const { result, rerender, unmount } = renderHook(
      ({ key }) => useRealtimeStream<string>(controller.run.friendlyId, key, { accessToken: dev.readToken, baseURL: dev.baseURL }),
      { initialProps: { key: "a" } },
    );
    await waitFor(() => expect(result.current.parts).toEqual(["p0"]), long);
    rerender({ key: "b" });
    expect(result.current.parts).toEqual([]);
    await waitFor(() => expect(result.current.parts).toEqual(["b0"]), long);
    unmount();
    await expectNoOpenConnections(dev.server);
  });

  it("shows a token that cannot read the run as an error", async () => {
    const controller = runWithParts("text", 1);
    const other = await dev.server.createPublicToken({ scopes: ["read:runs:run_other"] });
    const { result } = renderHook(() => useRealtimeStream<string>(controller.run.friendlyId, "text", { accessToken: other, baseURL: dev.baseURL }));
    await waitFor(() => expect(result.current.status).toBe("error"), long);
    expect(result.current.error).toMatchObject({ code: "forbidden" });
    expect(result.current.parts).toEqual([]);
  });
});

describe("useRealtimeRunWithStreams", () => {
  it("follows the run and every stream it writes", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("ai-stream", { prompt: "streams", delayMs: 5 });
    const onComplete = vi.fn();
    const { result } = renderHook(() =>
      useRealtimeRunWithStreams<AnyTask, { text: string }>(id, { accessToken: publicAccessToken, baseURL: dev.baseURL, onComplete }),
    );
    await waitFor(() => expect(result.current.run?.status).toBe("COMPLETED"), long);
    const output = result.current.run!.output as { text: string };
    await waitFor(() => expect(result.current.streams.text?.join("")).toBe(output.text), long);
    expect(result.current.run?.metadata).toMatchObject({ status: "done" });
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1), long);
  });
});
