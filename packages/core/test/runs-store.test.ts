import { describe, expect, it } from "vitest";
import { waitForState } from "@trigger-realtime/test-support";
import { batchStore, runsWithTagStore } from "../src/index.js";
import { useDevServerWithClients } from "./support/server.js";

const dev = useDevServerWithClients();
let counter = 0;
const uniqueTag = () => `tag_${Date.now()}_${++counter}`;

describe("runsWithTagStore", () => {
  it("lists every run carrying the tag, oldest first, and follows them live", async () => {
    const tag = uniqueTag();
    const first = dev.server.createRun({ tags: [tag] });
    const second = dev.server.createRun({ tags: [tag, "other"] });
    dev.server.createRun({ tags: ["unrelated"] });
    const store = runsWithTagStore(await dev.client(), tag);
    const initial = await waitForState(store, (s) => s.runs.length === 2);
    expect(initial.runs.map((run) => run.id)).toEqual([first.id, second.id]);
    expect(initial.isLoading).toBe(false);

    const third = dev.server.createRun({ tags: [tag] });
    const grown = await waitForState(store, (s) => s.runs.length === 3);
    expect(grown.runs.map((run) => run.id)).toEqual([first.id, second.id, third.id]);

    second.setMetadata({ progress: 10 });
    const updated = await waitForState(store, (s) => s.runs[1]?.metadata?.progress === 10);
    // The runs that did not change are the very same objects.
    expect(updated.runs[0]).toBe(grown.runs[0]);
    expect(updated.runs[2]).toBe(grown.runs[2]);
    expect(updated.runs).not.toBe(grown.runs);
  });

  it("requires every tag when given several", async () => {
    const [a, b] = [uniqueTag(), uniqueTag()];
    const both = dev.server.createRun({ tags: [a, b] });
    dev.server.createRun({ tags: [a] });
    const state = await waitForState(runsWithTagStore(await dev.client(), [a, b]), (s) => s.status === "live");
    expect(state.runs.map((run) => run.id)).toEqual([both.id]);
  });

  it("drops a run that loses the tag", async () => {
    const tag = uniqueTag();
    const staying = dev.server.createRun({ tags: [tag] });
    const leaving = dev.server.createRun({ tags: [tag] });
    const store = runsWithTagStore(await dev.client(), tag);
    await waitForState(store, (s) => s.runs.length === 2);
    leaving.setTags(["elsewhere"]);
    const state = await waitForState(store, (s) => s.runs.length === 1);
    expect(state.runs[0]!.id).toBe(staying.id);
  });

  it("accepts a createdAt window and can read with a tag-scoped token", async () => {
    const tag = uniqueTag();
    const run = dev.server.createRun({ tags: [tag] });
    const client = await dev.client([`read:tags:${tag}`]);
    const state = await waitForState(runsWithTagStore(client, tag, { createdAt: "1h" }), (s) => s.runs.length === 1);
    expect(state.runs[0]!.id).toBe(run.id);
    const denied = await waitForState(runsWithTagStore(client, uniqueTag()), (s) => s.status === "error");
    expect(denied.error?.message).toMatch(/access/);
  });

  it("shows an empty, loaded list when nothing matches", async () => {
    const state = await waitForState(runsWithTagStore(await dev.client(), uniqueTag()), (s) => s.status === "live");
    expect(state.runs).toEqual([]);
    expect(state.isLoading).toBe(false);
  });
});

describe("batchStore", () => {
  it("lists every run of a batch as they are created and finish", async () => {
    const batch = dev.server.createBatch(2);
    const first = dev.server.createRun({ batchId: batch.id });
    const store = batchStore(await dev.client([`read:batch:${batch.id}`]), batch.id);
    await waitForState(store, (s) => s.runs.length === 1);
    const second = dev.server.createRun({ batchId: batch.id });
    first.complete(1);
    second.complete(2);
    const state = await waitForState(store, (s) => s.runs.length === 2 && s.runs.every((run) => run.isCompleted));
    expect(state.runs.map((run) => run.output)).toEqual([1, 2]);
  });

  it("reports an unknown batch", async () => {
    const state = await waitForState(batchStore(await dev.client(), "batch_unknown"), (s) => s.status === "error");
    expect(state.error?.message).toMatch(/not found/i);
  });
});
