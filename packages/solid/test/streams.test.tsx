import { createSignal } from "solid-js";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { streams } from "@trigger.dev/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectNoOpenConnections, long } from "@trigger-realtime/test-support";
import { createRunWithStreams, createStream, type StreamPart } from "../src/index.js";
import { root } from "./root.js";
import { useDevServer } from "./dev-server.js";

const dev = useDevServer();
afterEach(cleanup);

/** A started run with `chunks` already in stream `key`. */
function runWithParts(key: string, chunks: unknown[]) {
  const controller = dev.server.createRun({ taskIdentifier: "manual" });
  controller.start();
  for (const chunk of chunks) controller.appendStream(key, chunk);
  return controller;
}

describe("createStream", () => {
  it("shows the parts as they arrive, with onParts, onData and lastEventId", async () => {
    const controller = runWithParts("text", ["a", "b", "c"]);
    const batches: StreamPart<string>[][] = [];
    const data: string[] = [];
    const { parts, lastEventId, status, dispose } = root(() =>
      createStream<string>(controller.run.friendlyId, "text", {
        accessToken: dev.readToken,
        baseURL: dev.baseURL,
        onParts: (batch) => batches.push(batch),
        onData: (part) => data.push(part),
        timeoutInSeconds: 1,
      }),
    );
    await waitFor(() => expect(parts()).toEqual(["a", "b", "c"]), long);
    controller.appendStream("text", "d");
    await waitFor(() => expect(parts()).toEqual(["a", "b", "c", "d"]), long);
    expect(data).toEqual(["a", "b", "c", "d"]);
    const received = batches.flat();
    expect(received.map((part) => part.chunk)).toEqual(["a", "b", "c", "d"]);
    for (const part of received) expect(part).toEqual({ id: expect.any(String), chunk: expect.any(String), timestamp: expect.any(Number) });
    expect(lastEventId()).toBe(received.at(-1)!.id);
    // The server ends the stream after a quiet second (the run finishing ends nothing).
    controller.complete();
    await waitFor(() => expect(status()).toBe("complete"), long);
    dispose();
  });

  it("starts at startIndex", async () => {
    const controller = runWithParts("text", ["a", "b", "c", "d"]);
    controller.complete();
    const { parts, status, dispose } = root(() =>
      createStream<string>(controller.run.friendlyId, "text", { accessToken: dev.readToken, baseURL: dev.baseURL, startIndex: 2, timeoutInSeconds: 1 }),
    );
    await waitFor(() => expect(status()).toBe("complete"), long);
    expect(parts()).toEqual(["c", "d"]);
    dispose();
  });

  it("resumes after lastEventId", async () => {
    const controller = runWithParts("text", ["a", "b"]);
    const options = { accessToken: dev.readToken, baseURL: dev.baseURL };
    const before = root(() => createStream<string>(controller.run.friendlyId, "text", options));
    await waitFor(() => expect(before.parts()).toEqual(["a", "b"]), long);
    const cursor = before.lastEventId()!;
    before.dispose();
    controller.appendStream("text", "c");
    const after = root(() => createStream<string>(controller.run.friendlyId, "text", { ...options, lastEventId: cursor }));
    await waitFor(() => expect(after.parts()).toEqual(["c"]), long);
    after.dispose();
  });

  it("keeps only the newest maxParts", async () => {
    const controller = runWithParts("numbers", [1, 2, 3, 4, 5]);
    controller.complete();
    const { parts, status, dispose } = root(() =>
      createStream<number>(controller.run.friendlyId, "numbers", { accessToken: dev.readToken, baseURL: dev.baseURL, maxParts: 2, timeoutInSeconds: 1 }),
    );
    await waitFor(() => expect(status()).toBe("complete"), long);
    expect(parts()).toEqual([4, 5]);
    dispose();
  });

  it("skips the history with from: latest", async () => {
    const controller = runWithParts("text", ["old 1", "old 2"]);
    const { parts, status, dispose } = root(() =>
      createStream<string>(controller.run.friendlyId, "text", { accessToken: dev.readToken, baseURL: dev.baseURL, from: "latest" }),
    );
    await waitFor(() => expect(status()).toBe("live"), long);
    controller.appendStream("text", "new");
    await waitFor(() => expect(parts()).toEqual(["new"]), long);
    dispose();
  });

  it("ends after timeoutInSeconds without data", async () => {
    const controller = runWithParts("text", []);
    const { status, parts, dispose } = root(() =>
      createStream(controller.run.friendlyId, "text", { accessToken: dev.readToken, baseURL: dev.baseURL, timeoutInSeconds: 1 }),
    );
    await waitFor(() => expect(status()).toBe("live"), long);
    await waitFor(() => expect(status()).toBe("complete"), { timeout: 5_000 });
    expect(parts()).toEqual([]);
    dispose();
  });

  it("reads the default stream, or a stream defined with streams.define", async () => {
    const controller = runWithParts("default", ["x"]);
    controller.appendStream("text", "y");
    const options = { accessToken: dev.readToken, baseURL: dev.baseURL };
    const byDefault = root(() => createStream<string>(controller.run.friendlyId, options));
    const defined = root(() => createStream(streams.define<string>({ id: "text" }), () => controller.run.friendlyId, () => options));
    await waitFor(() => expect([byDefault.parts(), defined.parts()]).toEqual([["x"], ["y"]]), long);
    byDefault.dispose();
    defined.dispose();
  });

  it("moves to another stream key at once", async () => {
    const controller = runWithParts("a", ["from a"]);
    controller.appendStream("b", "from b");
    const [key, setKey] = createSignal("a");
    const { parts, dispose } = root(() => createStream<string>(controller.run.friendlyId, key, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(parts()).toEqual(["from a"]), long);
    setKey("b");
    expect(parts()).toEqual([]);
    await waitFor(() => expect(parts()).toEqual(["from b"]), long);
    dispose();
  });

  it("reports a token for another run as forbidden", async () => {
    const controller = runWithParts("text", ["secret"]);
    const token = await dev.server.createPublicToken({ scopes: ["read:runs:run_other"] });
    const { error, status, parts, dispose } = root(() => createStream(controller.run.friendlyId, "text", { accessToken: token, baseURL: dev.baseURL }));
    await waitFor(() => expect(status()).toBe("error"), long);
    expect(error()).toMatchObject({ code: "forbidden" });
    expect(parts()).toEqual([]);
    dispose();
  });

  it("closes the stream after the owner is disposed", async () => {
    await expectNoOpenConnections(dev.server);
    const controller = runWithParts("text", ["a"]);
    const { parts, dispose } = root(() => createStream(controller.run.friendlyId, "text", { accessToken: dev.readToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(parts()).toEqual(["a"]), long);
    expect(dev.server.stats().openStreams).toBe(1);
    dispose();
    await expectNoOpenConnections(dev.server);
  });
});

describe("createRunWithStreams", () => {
  it("streams the ai-stream demo task's text into the page until the run completes", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("ai-stream", { prompt: "Tell me why the sky is blue", delayMs: 5 });
    function Answer() {
      const { run, streams: parts, status } = createRunWithStreams<any, { text: string }>(id, { accessToken: publicAccessToken, baseURL: dev.baseURL });
      return (
        <div>
          <p data-testid="text">{(parts().text ?? []).join("")}</p>
          <span data-testid="status">{`${run()?.status} ${status()}`}</span>
          <span data-testid="output">{(run()?.output as { text?: string } | undefined)?.text}</span>
        </div>
      );
    }
    render(() => <Answer />);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("COMPLETED complete"), long);
    const output = screen.getByTestId("output").textContent!;
    expect(output.length).toBeGreaterThan(0);
    expect(screen.getByTestId("text").textContent).toBe(output);
  });

  it("follows streams that appear while the run executes, and calls onComplete once", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const onComplete = vi.fn();
    const { streams: parts, run, status, dispose } = root(() =>
      createRunWithStreams<any, { text: string; numbers: number }>(controller.run.friendlyId, {
        accessToken: dev.readToken,
        baseURL: dev.baseURL,
        onComplete,
      }),
    );
    await waitFor(() => expect(run()?.status).toBe("QUEUED"), long);
    expect(parts()).toEqual({});
    controller.start();
    controller.appendStream("text", "hello ");
    controller.appendStream("numbers", 1);
    controller.appendStream("text", "world");
    await waitFor(() => expect(parts()).toEqual({ text: ["hello ", "world"], numbers: [1] }), long);
    expect(onComplete).not.toHaveBeenCalled();
    controller.complete({ done: true });
    await waitFor(() => expect(status()).toBe("complete"), long);
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(run()).toMatchObject({ status: "COMPLETED", output: { done: true } });
    dispose();
    await expectNoOpenConnections(dev.server);
  });
});
