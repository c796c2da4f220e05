import { cleanup } from "@testing-library/vue";
import { streams } from "@trigger.dev/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { h, ref } from "vue";
import { expectConnectionsToStayClosed, quietPeriod, recordingFetch, useDevServer } from "@trigger-realtime/test-support";
import { useRun, useRunWithStreams, useStream, type StreamPart, type UseStreamReturn } from "../src/index.js";
import { mount, until } from "./support.js";

const dev = useDevServer();
afterEach(() => cleanup());

/** A run no task executes, with `count` parts already in stream `key`. */
function runWithParts(key: string, count: number) {
  const controller = dev.server.createRun({});
  controller.start();
  for (let index = 0; index < count; index++) controller.appendStream(key, `p${index}`);
  return controller;
}

/** Mounts `useStream<string>(runId, key, options)` and hands back its result. */
function mountStream(runId: string, key: string, options: Record<string, unknown> = {}) {
  let result!: UseStreamReturn<string>;
  const view = mount(() => ((result = useStream<string>(runId, key, { accessToken: dev.readToken, baseURL: dev.baseURL, ...options })), () => null));
  return { view, get result() {
    return result;
  } };
}

describe("useStream", () => {
  it("streams the ai-stream demo's tokens as they are written", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("ai-stream", { prompt: "sky", delayMs: 5 });
    const options = { accessToken: publicAccessToken, baseURL: dev.baseURL };
    const lengths: number[] = [];
    const view = mount(() => {
      const { parts } = useStream<string>(id, "text", options);
      const { run } = useRun(id, options);
      return () => {
        if (lengths.at(-1) !== parts.value.length) lengths.push(parts.value.length);
        return h("div", [h("p", { "data-testid": "answer" }, parts.value.join("")), h("p", { "data-testid": "output" }, (run.value?.output as { text?: string })?.text)]);
      };
    });
    await until(() => expect(view.getByTestId("output").textContent).toContain('You asked: "sky"'));
    await until(() => expect(view.getByTestId("answer").textContent).toBe(view.getByTestId("output").textContent));
    expect(lengths.length).toBeGreaterThan(2);
  });

  it("reads a stream defined with streams.define, and the default key without one", async () => {
    const text = streams.define<string>({ id: "text" });
    const controller = runWithParts("text", 2);
    controller.appendStream("default", "d0");
    let defined!: UseStreamReturn<string>;
    let byDefault!: UseStreamReturn<string>;
    mount(() => {
      defined = useStream(text, controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL });
      byDefault = useStream<string>(() => controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL });
      return () => null;
    });
    await until(() => expect(defined.parts.value).toEqual(["p0", "p1"]));
    await until(() => expect(byDefault.parts.value).toEqual(["d0"]));
    controller.appendStream("text", "p2");
    await until(() => expect(defined.parts.value).toEqual(["p0", "p1", "p2"]));
    expect(defined.lastEventId.value).toMatch(/2$/);
  });

  it("skips the first startIndex parts", async () => {
    const controller = runWithParts("text", 5);
    const stream = mountStream(controller.id, "text", { startIndex: 3 });
    await until(() => expect(stream.result.parts.value).toEqual(["p3", "p4"]));
  });

  it("keeps only the newest maxParts parts", async () => {
    const controller = runWithParts("text", 4);
    const stream = mountStream(controller.id, "text", { maxParts: 2 });
    await until(() => expect(stream.result.parts.value).toEqual(["p2", "p3"]));
    controller.appendStream("text", "p4");
    await until(() => expect(stream.result.parts.value).toEqual(["p3", "p4"]));
  });

  it("resumes after lastEventId with no replay and no gap", async () => {
    const controller = runWithParts("text", 3);
    const first = mountStream(controller.id, "text");
    await until(() => expect(first.result.parts.value).toEqual(["p0", "p1", "p2"]));
    const saved = first.result.lastEventId.value!;
    first.view.unmount();
    controller.appendStream("text", "p3");
    const resumed = mountStream(controller.id, "text", { lastEventId: saved });
    await until(() => expect(resumed.result.parts.value).toEqual(["p3"]));
  });

  it('starts at the tail with from: "latest"', async () => {
    const controller = runWithParts("text", 3);
    const stream = mountStream(controller.id, "text", { from: "latest" });
    await until(() => expect(stream.result.status.value).toBe("live"));
    controller.appendStream("text", "new");
    await until(() => expect(stream.result.parts.value.at(-1)).toBe("new"));
    expect(stream.result.parts.value).not.toContain("p0");
  });

  it("calls the latest onParts per update, with ids, and onData per part", async () => {
    const controller = runWithParts("text", 0);
    const batches: StreamPart<string>[][] = [];
    const data: string[] = [];
    const stale = vi.fn();
    const onData = ref<(part: string) => void>(stale);
    let result!: UseStreamReturn<string>;
    mount(() => {
      result = useStream<string>(controller.id, "text", () => ({ accessToken: dev.readToken, baseURL: dev.baseURL, onParts: (parts) => batches.push(parts), onData: onData.value }));
      return () => null;
    });
    await until(() => expect(result.status.value).toBe("live"));
    onData.value = (part) => data.push(part);
    for (const part of ["a", "b", "c"]) controller.appendStream("text", part);
    await until(() => expect(data).toEqual(["a", "b", "c"]));
    expect(stale).not.toHaveBeenCalled();
    const parts = batches.flat();
    expect(parts.map((part) => part.chunk)).toEqual(["a", "b", "c"]);
    for (const part of parts) expect(part).toEqual({ id: expect.any(String), chunk: expect.any(String), timestamp: expect.any(Number) });
    expect(result.lastEventId.value).toBe(parts.at(-1)!.id);
  });

  it("ends quietly after timeoutInSeconds without data", async () => {
    const controller = runWithParts("text", 1);
    const stream = mountStream(controller.id, "text", { timeoutInSeconds: 1 });
    await until(() => expect(stream.result.parts.value).toEqual(["p0"]));
    await until(() => expect(stream.result.status.value).toBe("complete"));
    expect(stream.result.error.value).toBeUndefined();
  });

  it("switches streams when a ref key changes, and leaves no stream open after unmount", async () => {
    const controller = runWithParts("a", 1);
    controller.appendStream("b", "b0");
    const key = ref("a");
    let result!: UseStreamReturn<string>;
    const view = mount(() => ((result = useStream<string>(controller.id, key, { accessToken: dev.readToken, baseURL: dev.baseURL })), () => null));
    await until(() => expect(result.parts.value).toEqual(["p0"]));
    key.value = "b";
    expect(result.parts.value).toEqual([]);
    await until(() => expect(result.parts.value).toEqual(["b0"]));
    await until(() => expect(dev.server.stats().openStreams).toBe(1));
    view.unmount();
    await expectConnectionsToStayClosed(dev.server);
  });

  it("makes no request with enabled: false", async () => {
    const controller = runWithParts("text", 1);
    const { fetch, urls } = recordingFetch();
    const stream = mountStream(controller.id, "text", { enabled: false, fetch });
    await quietPeriod();
    expect(urls).toEqual([]);
    expect(stream.result.status.value).toBe("idle");
  });

  it("shows a token that cannot read the run as an error", async () => {
    const controller = runWithParts("text", 1);
    const stream = mountStream(controller.id, "text", { accessToken: await dev.token(["read:runs:run_other"]) });
    await until(() => expect(stream.result.status.value).toBe("error"));
    expect(stream.result.error.value).toMatchObject({ code: "forbidden" });
    expect(stream.result.parts.value).toEqual([]);
  });
});

describe("useRunWithStreams", () => {
  it("follows the run and every stream it writes, and calls onComplete once", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("ai-stream", { prompt: "streams", delayMs: 2 });
    const onComplete = vi.fn();
    const view = mount(() => {
      const { run, streams } = useRunWithStreams<unknown, { text: string }>(id, { accessToken: publicAccessToken, baseURL: dev.baseURL, onComplete });
      return () => h("p", { "data-status": run.value?.status, "data-output": (run.value?.output as { text?: string })?.text }, streams.value.text?.join("") ?? "");
    });
    const p = () => view.container.querySelector("p")!;
    await until(() => expect(p().dataset.status).toBe("COMPLETED"));
    await until(() => expect(p().textContent).toBe(p().dataset.output));
    expect(p().textContent).toContain('You asked: "streams"');
    await until(() => expect(onComplete).toHaveBeenCalledTimes(1));
  });
});
