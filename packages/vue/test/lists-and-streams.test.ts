import { cleanup, render } from "@testing-library/vue";
import { afterEach, describe, expect, it } from "vitest";
import { defineComponent, h, ref } from "vue";
import { useBatch, useRunsWithTag, useRunWithStreams, useStream, type StreamPart } from "../src/index.js";
import { until, useDevServer } from "./support.js";

const dev = useDevServer();
afterEach(() => cleanup());

const mount = (setup: () => () => ReturnType<typeof h>) => render(defineComponent({ setup }));

describe("useRunsWithTag and useBatch", () => {
  it("lists tagged runs oldest first, live, and drops a run that loses the tag", async () => {
    const tag = `vue_${Date.now()}`;
    const first = dev.server.createRun({ tags: [tag] });
    const token = await dev.token();
    const tagRef = ref(tag);
    const view = mount(() => {
      const { runs, isLoading } = useRunsWithTag(tagRef, () => ({ accessToken: token, baseURL: dev.server.url }));
      return () => h("ul", { "data-loading": String(isLoading.value) }, runs.value.map((run) => h("li", run.id)));
    });
    await until(() => expect(view.getAllByRole("listitem").map((li) => li.textContent)).toEqual([first.id]));
    const second = dev.server.createRun({ tags: [tag] });
    await until(() => expect(view.getAllByRole("listitem").map((li) => li.textContent)).toEqual([first.id, second.id]));
    first.setTags([]);
    await until(() => expect(view.getAllByRole("listitem").map((li) => li.textContent)).toEqual([second.id]));
  });

  it("follows a batch", async () => {
    const batch = dev.server.createBatch(2);
    const runs = [dev.server.createRun({ batchId: batch.id }), dev.server.createRun({ batchId: batch.id })];
    const token = await dev.token([`read:batch:${batch.id}`]);
    const view = mount(() => {
      const state = useBatch(batch.id, { accessToken: token, baseURL: dev.server.url });
      return () => h("p", state.runs.value.filter((run) => run.isCompleted).length);
    });
    runs.forEach((run) => run.complete());
    await until(() => expect(view.container.textContent).toBe("2"));
  });
});

describe("useStream and useRunWithStreams", () => {
  it("shows parts as they arrive and hands them to onParts and onData", async () => {
    const run = dev.server.createRun({});
    run.start();
    const token = await dev.token();
    const batches: StreamPart<string>[][] = [];
    const data: string[] = [];
    const view = mount(() => {
      const { parts, status } = useStream<string>(run.id, "text", {
        accessToken: token,
        baseURL: dev.server.url,
        onParts: (parts) => batches.push(parts),
        onData: (part) => data.push(part),
      });
      return () => h("p", { "data-status": status.value }, parts.value.join(""));
    });
    for (const token of ["Hello", " ", "world"]) run.appendStream("text", token);
    await until(() => expect(view.container.textContent).toBe("Hello world"));
    run.complete();
    await until(() => expect(view.container.querySelector("p")!.dataset.status).toBe("complete"));
    expect(batches.flat().map((part) => part.chunk)).toEqual(["Hello", " ", "world"]);
    expect(data).toEqual(["Hello", " ", "world"]);
  });

  it("honours startIndex, maxParts and the default key", async () => {
    const run = dev.server.createRun({});
    for (let n = 0; n < 6; n++) run.appendStream("default", n);
    run.complete();
    const token = await dev.token();
    const options = { accessToken: token, baseURL: dev.server.url };
    const view = mount(() => {
      const fromThree = useStream<number>(run.id, { ...options, startIndex: 3 });
      const lastTwo = useStream<number>(run.id, "default", { ...options, maxParts: 2 });
      return () => h("p", `${fromThree.parts.value.join(",")}|${lastTwo.parts.value.join(",")}`);
    });
    await until(() => expect(view.container.textContent).toBe("3,4,5|4,5"));
  });

  it("follows a run and its streams to the end", async () => {
    const { id } = await dev.server.trigger("ai-stream", { prompt: "vue", delayMs: 2 });
    const token = await dev.token();
    const view = mount(() => {
      const { run, streams } = useRunWithStreams<unknown, { text: string }>(id, { accessToken: token, baseURL: dev.server.url });
      return () => h("p", { "data-status": run.value?.status }, streams.value.text?.join("") ?? "");
    });
    await until(() => expect(view.container.querySelector("p")!.dataset.status).toBe("COMPLETED"));
    await until(() => expect(view.container.textContent).toContain('You asked: "vue"'));
  });
});
