import { render, waitFor } from "@testing-library/svelte";
import type { StreamPart } from "@trigger-realtime/core";
import { describe, expect, it, vi } from "vitest";
import RunWithStreams from "./fixtures/RunWithStreams.svelte";
import Stream from "./fixtures/Stream.svelte";
import { text, useDevServer, within10s } from "./helpers.js";

const dev = useDevServer();
const auth = () => ({ accessToken: dev.readToken, baseURL: dev.baseURL });

/** A started run whose stream `text` already holds `parts`. */
function runWithParts(parts: string[], realtimeStreamsVersion: "v1" | "v2" = "v1") {
  const run = dev.server.createRun({ taskIdentifier: "manual", realtimeStreamsVersion });
  run.start();
  for (const part of parts) run.appendStream("text", part);
  return run;
}

describe("streamStore", () => {
  it("shows the parts of a stream as they arrive and ends once quiet for timeoutInSeconds", async () => {
    const run = runWithParts(["Hello", ","]);
    render(Stream, { runId: run.id, streamKey: "text", options: { ...auth(), timeoutInSeconds: 1 } });
    await waitFor(() => expect(text("text")).toBe("Hello,"), within10s);
    run.appendStream("text", " world");
    await waitFor(() => expect(text("text")).toBe("Hello, world"), within10s);
    expect(text("last-event-id")).toMatch(/-2$/);
    run.complete();
    await waitFor(() => expect(text("status")).toBe("complete"), within10s);
    await waitFor(() => expect(dev.server.stats().openStreams).toBe(0), within10s);
  });

  it("reads the default stream when no key is given", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual" });
    run.start();
    run.appendStream("default", "only");
    render(Stream, { runId: run.id, options: auth() });
    await waitFor(() => expect(text("text")).toBe("only"), within10s);
  });

  it("starts at startIndex", async () => {
    const run = runWithParts(["a", "b", "c", "d", "e"]);
    render(Stream, { runId: run.id, streamKey: "text", options: { ...auth(), startIndex: 2 } });
    await waitFor(() => expect(text("text")).toBe("cde"), within10s);
    expect(text("count")).toBe("3");
  });

  it("resumes after lastEventId (a v2 stream: ids are record numbers)", async () => {
    const run = runWithParts(["a", "b", "c"], "v2");
    render(Stream, { runId: run.id, streamKey: "text", options: { ...auth(), lastEventId: 0 } });
    await waitFor(() => expect(text("text")).toBe("bc"), within10s);
  });

  it("skips the history with from: latest", async () => {
    const run = runWithParts(["old", "older"]);
    render(Stream, { runId: run.id, streamKey: "text", options: { ...auth(), from: "latest" } });
    // Live once the server answered, and so has placed the reader at the tail.
    await waitFor(() => expect(text("status")).toBe("live"), within10s);
    run.appendStream("text", "new");
    await waitFor(() => expect(text("text")).toBe("new"), within10s);
  });

  it("keeps only the newest maxParts parts", async () => {
    const run = runWithParts(["1", "2", "3", "4", "5"]);
    render(Stream, { runId: run.id, streamKey: "text", options: { ...auth(), maxParts: 2 } });
    await waitFor(() => expect(text("text")).toBe("45"), within10s);
    run.appendStream("text", "6");
    await waitFor(() => expect(text("text")).toBe("56"), within10s);
  });

  it("ends a silent stream after timeoutInSeconds", async () => {
    const run = runWithParts(["only"]);
    render(Stream, { runId: run.id, streamKey: "text", options: { ...auth(), timeoutInSeconds: 1 } });
    await waitFor(() => expect(text("text")).toBe("only"), within10s);
    await waitFor(() => expect(text("status")).toBe("complete"), within10s);
  });

  it("calls onParts and onData only while subscribed", async () => {
    const run = runWithParts([]);
    const first = { onParts: vi.fn<(parts: StreamPart<string>[]) => void>(), onData: vi.fn<(part: string) => void>() };
    const second = { onParts: vi.fn<(parts: StreamPart<string>[]) => void>() };
    const { unmount } = render(Stream, { runId: run.id, streamKey: "text", options: { ...auth(), ...first } });
    const { container } = render(Stream, { runId: run.id, streamKey: "text", options: { ...auth(), ...second } });
    await waitFor(() => expect(text("status", container)).toBe("live"), within10s);

    run.appendStream("text", "x");
    await waitFor(() => expect(first.onData).toHaveBeenCalledWith("x"), within10s);
    const parts = first.onParts.mock.calls.flatMap(([batch]) => batch);
    expect(parts).toEqual([expect.objectContaining({ chunk: "x", id: expect.stringMatching(/-0$/), timestamp: expect.any(Number) })]);

    // The first component leaves; the shared connection stays for the second.
    unmount();
    run.appendStream("text", "y");
    await waitFor(() => expect(second.onParts.mock.calls.flatMap(([batch]) => batch.map((part) => part.chunk))).toEqual(["x", "y"]), within10s);
    expect(first.onData.mock.calls.map(([part]) => part)).toEqual(["x"]);
  });

  it("closes the stream after the last subscriber unmounts", async () => {
    const run = runWithParts(["a"]);
    const { unmount } = render(Stream, { runId: run.id, streamKey: "text", options: auth() });
    await waitFor(() => {
      expect(text("text")).toBe("a");
      expect(dev.server.stats().openStreams).toBeGreaterThanOrEqual(1);
    }, within10s);
    unmount();
    await waitFor(() => expect(dev.server.stats().openStreams).toBe(0), within10s);
  });
});

describe("runWithStreamsStore", () => {
  it("follows an AI-like run and its streamed text", async () => {
    const { id } = await dev.server.trigger("ai-stream", { prompt: "svelte", delayMs: 5 });
    render(RunWithStreams, { runId: id, options: auth() });
    await waitFor(() => {
      expect(text("run-status")).toBe("COMPLETED");
      expect(text("output")).not.toBe("");
      expect(text("text")).toBe(text("output"));
    }, within10s);
    expect(text("text")).toContain('You asked: "svelte"');
  });
});
