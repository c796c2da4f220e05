import { cleanup } from "@testing-library/vue";
import { afterEach, describe, expect, it } from "vitest";
import { h, nextTick, ref } from "vue";
import { expectConnectionsToStayClosed, recordingFetch, unique, useDevServer } from "@trigger-realtime/test-support";
import { useBatch, useRunsWithTag, type UseRunsReturn } from "../src/index.js";
import { mount, until } from "./support.js";

const dev = useDevServer();
afterEach(() => cleanup());

const ids = (result: UseRunsReturn) => result.runs.value.map((run) => run.id);

describe("useRunsWithTag", () => {
  it("tells loading from empty, then lists runs live, oldest first, and drops one that loses the tag", async () => {
    const tag = unique("list");
    let result!: UseRunsReturn;
    const view = mount(() => {
      result = useRunsWithTag(tag, { accessToken: dev.readToken, baseURL: dev.baseURL });
      return () => h("ul", { "data-loading": String(result.isLoading.value) }, result.runs.value.map((run) => h("li", run.id)));
    });
    expect(view.container.querySelector("ul")!.dataset.loading).toBe("true");
    await until(() => expect(view.container.querySelector("ul")!.dataset.loading).toBe("false"));
    expect(result.runs.value).toEqual([]);
    const first = dev.server.createRun({ tags: [tag] });
    const second = dev.server.createRun({ tags: [tag] });
    await until(() => expect(view.getAllByRole("listitem").map((li) => li.textContent)).toEqual([first.id, second.id]));
    first.start();
    await until(() => expect(result.runs.value[0]?.status).toBe("EXECUTING"));
    first.setTags([]);
    await until(() => expect(ids(result)).toEqual([second.id]));
  });

  it("ANDs several tags, sends createdAt, and a new array with the same tags does not resubscribe", async () => {
    const [a, b] = [unique("a"), unique("b")];
    const both = dev.server.createRun({ tags: [a, b] });
    dev.server.createRun({ tags: [a] });
    const { fetch, urls } = recordingFetch();
    const tags = ref([a, b]);
    let result!: UseRunsReturn;
    mount(() => ((result = useRunsWithTag(tags, { accessToken: dev.readToken, baseURL: dev.baseURL, fetch, createdAt: "1h" })), () => null));
    await until(() => expect(ids(result)).toEqual([both.id]));
    expect(new URL(urls[0]!).searchParams.get("createdAt")).toBe("1h");
    const before = urls.length;
    tags.value = [a, b];
    await nextTick();
    expect(urls.length).toBe(before);
  });

  it("moves to another tag when a ref tag changes", async () => {
    const [a, b] = [unique("a"), unique("b")];
    const inA = dev.server.createRun({ tags: [a] });
    const inB = dev.server.createRun({ tags: [b] });
    const tag = ref(a);
    let result!: UseRunsReturn;
    mount(() => ((result = useRunsWithTag(tag, { accessToken: dev.readToken, baseURL: dev.baseURL })), () => null));
    await until(() => expect(ids(result)).toEqual([inA.id]));
    tag.value = b;
    expect(ids(result)).not.toContain(inA.id);
    await until(() => expect(ids(result)).toEqual([inB.id]));
  });

  it("shows a token without the tag's scope as an error", async () => {
    const tag = unique("scoped");
    const other = await dev.token(["read:tags:someone_else"]);
    let result!: UseRunsReturn;
    mount(() => ((result = useRunsWithTag(tag, { accessToken: other, baseURL: dev.baseURL })), () => null));
    await until(() => expect(result.status.value).toBe("error"));
    expect(result.error.value).toMatchObject({ code: "forbidden" });
  });

  it("leaves no connection open after unmount", async () => {
    const tag = unique("closing");
    dev.server.createRun({ tags: [tag] });
    let result!: UseRunsReturn;
    const view = mount(() => ((result = useRunsWithTag(tag, { accessToken: dev.readToken, baseURL: dev.baseURL })), () => null));
    await until(() => expect(result.runs.value).toHaveLength(1));
    view.unmount();
    await expectConnectionsToStayClosed(dev.server);
  });
});

describe("useBatch", () => {
  it("lists the batch's runs and follows each of them, with skipColumns", async () => {
    const batch = dev.server.createBatch(2);
    const runs = [dev.server.createRun({ batchId: batch.id, payload: { n: 1 } }), dev.server.createRun({ batchId: batch.id, payload: { n: 2 } })];
    const token = await dev.token([`read:batch:${batch.id}`]);
    let result!: UseRunsReturn;
    const view = mount(() => {
      result = useBatch(batch.id, { accessToken: token, baseURL: dev.baseURL, skipColumns: ["payload"] });
      return () => h("p", result.runs.value.filter((run) => run.isCompleted).length);
    });
    await until(() => expect(ids(result)).toEqual(runs.map((run) => run.id)));
    expect(result.runs.value.map((run) => run.payload)).toEqual([undefined, undefined]);
    for (const run of runs) {
      run.start();
      run.complete();
    }
    await until(() => expect(view.container.textContent).toBe("2"));
  });
});
