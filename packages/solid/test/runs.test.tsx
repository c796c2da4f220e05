import { createSignal, For } from "solid-js";
import { cleanup, render, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { snapshot } from "@trigger-realtime/core";
import { selectRunsWithTagStore } from "@trigger-realtime/core/adapter";
import { expectNoOpenConnections, long, recordingFetch, unique } from "@trigger-realtime/test-support";
import { createBatch, createRunsWithTag, type RealtimeRun, type RunsResult } from "../src/index.js";
import { root } from "./root.js";
import { useDevServer } from "./dev-server.js";

const dev = useDevServer();
afterEach(cleanup);

/** A list of runs as an app renders it: one `<li>` per run, keyed by the row's identity. */
function RunList(props: { runs: () => RealtimeRun[] }) {
  return (
    <ul>
      <For each={props.runs()}>{(run) => <li data-id={run.id}>{`${run.status} ${String(run.metadata?.n ?? "-")}`}</li>}</For>
    </ul>
  );
}

const rows = (container: HTMLElement) => [...container.querySelectorAll("li")];
const texts = (container: HTMLElement) => rows(container).map((row) => row.textContent);

describe("createRunsWithTag", () => {
  it("lists the tag's runs oldest first, updating only the row that changed", async () => {
    const tag = unique("user");
    const token = await dev.server.createPublicToken({ scopes: [`read:tags:${tag}`] });
    const first = dev.server.createRun({ taskIdentifier: "manual", tags: [tag], metadata: { n: 1 } });
    const second = dev.server.createRun({ taskIdentifier: "manual", tags: [tag], metadata: { n: 2 } });
    dev.server.createRun({ taskIdentifier: "manual", tags: [unique("other")] });

    let result!: RunsResult;
    const { container } = render(() => {
      result = createRunsWithTag(tag, { accessToken: token, baseURL: dev.baseURL });
      return <RunList runs={result.runs} />;
    });
    await waitFor(() => expect(texts(container)).toEqual(["QUEUED 1", "QUEUED 2"]), long);
    expect(rows(container).map((row) => row.dataset.id)).toEqual([first.run.friendlyId, second.run.friendlyId]);
    const [firstRow, secondRow] = rows(container);
    const [firstRun, secondRun] = result.runs();
    // The core's run objects are shared with every other listener: they must stay as they were.
    const coreSecond = snapshot(selectRunsWithTagStore(tag, { accessToken: token, baseURL: dev.baseURL })).runs[1]!;

    second.start();
    second.setMetadata({ n: 20 });
    await waitFor(() => expect(texts(container)).toEqual(["QUEUED 1", "EXECUTING 20"]), long);
    // Same rows, same DOM nodes: the change went to the fields that changed.
    expect(result.runs()[0]).toBe(firstRun);
    expect(result.runs()[1]).toBe(secondRun);
    expect(rows(container)).toEqual([firstRow, secondRow]);
    expect(rows(container)[0]).toBe(firstRow);
    expect(rows(container)[1]).toBe(secondRow);
    expect([coreSecond.status, coreSecond.metadata]).toEqual(["QUEUED", { n: 2 }]);

    // A new run is appended; a run that loses the tag is removed.
    const third = dev.server.createRun({ taskIdentifier: "manual", tags: [tag], metadata: { n: 3 } });
    await waitFor(() => expect(texts(container)).toEqual(["QUEUED 1", "EXECUTING 20", "QUEUED 3"]), long);
    expect(rows(container)[0]).toBe(firstRow);
    first.setTags([]);
    await waitFor(() => expect(rows(container).map((row) => row.dataset.id)).toEqual([second.run.friendlyId, third.run.friendlyId]), long);
    expect(rows(container)[0]).toBe(secondRow);
    expect(result.error()).toBeUndefined();
  });

  it("tells loading from empty", async () => {
    const tag = unique("empty");
    const token = await dev.server.createPublicToken({ scopes: [`read:tags:${tag}`] });
    const { runs, isLoading, status, dispose } = root(() => createRunsWithTag(tag, { accessToken: token, baseURL: dev.baseURL }));
    expect(isLoading()).toBe(true);
    await waitFor(() => expect(status()).toBe("live"), long);
    expect([isLoading(), runs()]).toEqual([false, []]);
    dispose();
  });

  it("combines several tags with AND and sends createdAt and skipColumns", async () => {
    const tag = unique("team");
    const both = dev.server.createRun({ taskIdentifier: "manual", tags: [tag, "vip"], payload: { big: true } });
    dev.server.createRun({ taskIdentifier: "manual", tags: [tag] });
    const recorder = recordingFetch();
    const { runs, dispose } = root(() =>
      createRunsWithTag([tag, "vip"], {
        accessToken: dev.readToken,
        baseURL: dev.baseURL,
        createdAt: "1h",
        skipColumns: ["payload"],
        fetch: recorder.fetch,
      }),
    );
    await waitFor(() => expect(runs().map((run) => run.id)).toEqual([both.run.friendlyId]), long);
    expect(runs()[0]!.payload).toBeUndefined();
    const query = new URL(recorder.urls[0]!).searchParams;
    expect([query.get("tags"), query.get("createdAt"), query.get("skipColumns")]).toEqual([`${tag},vip`, "1h", "payload"]);
    dispose();
  });

  it("moves to another tag at once, without the previous tag's rows", async () => {
    const [tagA, tagB] = [unique("a"), unique("b")];
    const a = dev.server.createRun({ taskIdentifier: "manual", tags: [tagA] });
    const b = dev.server.createRun({ taskIdentifier: "manual", tags: [tagB] });
    const [tag, setTag] = createSignal(tagA);
    const { runs, dispose } = root(() => createRunsWithTag(tag, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(runs().map((run) => run.id)).toEqual([a.run.friendlyId]), long);
    setTag(tagB);
    expect(runs()).toEqual([]);
    await waitFor(() => expect(runs().map((run) => run.id)).toEqual([b.run.friendlyId]), long);
    // Back to the first tag: its current state.
    a.setMetadata({ n: "back" });
    setTag(tagA);
    await waitFor(() => expect(runs().map((run) => [run.id, run.metadata?.n])).toEqual([[a.run.friendlyId, "back"]]), long);
    dispose();
  });

  it("reports a token for another tag as forbidden, and closes on disposal", async () => {
    await expectNoOpenConnections(dev.server);
    const token = await dev.server.createPublicToken({ scopes: ["read:tags:not_this_one"] });
    const denied = root(() => createRunsWithTag(unique("secret"), { accessToken: token, baseURL: dev.baseURL }));
    await waitFor(() => expect(denied.error()).toMatchObject({ code: "forbidden" }), long);
    expect(denied.status()).toBe("error");
    denied.dispose();

    const live = root(() => createRunsWithTag(unique("open"), { accessToken: dev.readToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(dev.server.stats().openShapeRequests).toBe(1), long);
    live.dispose();
    await expectNoOpenConnections(dev.server);
  });
});

describe("createBatch", () => {
  it("lists the batch's runs live, keeping unchanged rows", async () => {
    const batch = dev.server.createBatch(2);
    const token = await dev.server.createPublicToken({ scopes: [`read:batch:${batch.id}`] });
    const one = dev.server.createRun({ taskIdentifier: "manual", batchId: batch.id, metadata: { n: 1 } });
    const two = dev.server.createRun({ taskIdentifier: "manual", batchId: batch.id, metadata: { n: 2 } });

    let result!: RunsResult;
    const { container } = render(() => {
      result = createBatch(batch.id, { accessToken: token, baseURL: dev.baseURL, skipColumns: ["payload"] });
      return <RunList runs={result.runs} />;
    });
    await waitFor(() => expect(texts(container)).toEqual(["QUEUED 1", "QUEUED 2"]), long);
    const [firstRow] = rows(container);
    one.start();
    two.complete({ done: true });
    await waitFor(() => expect(texts(container)).toEqual(["EXECUTING 1", "COMPLETED 2"]), long);
    expect(rows(container)[0]).toBe(firstRow);
    expect(result.runs()[1]).toMatchObject({ id: two.run.friendlyId, output: { done: true }, isSuccess: true });
    expect(result.isLoading()).toBe(false);
    result.stop();
    await waitFor(() => expect(result.status()).toBe("stopped"), long);
  });

  it("reports a token for another batch as forbidden", async () => {
    const batch = dev.server.createBatch(1);
    dev.server.createRun({ taskIdentifier: "manual", batchId: batch.id });
    const token = await dev.server.createPublicToken({ scopes: ["read:batch:batch_other"] });
    const { error, runs, dispose } = root(() => createBatch(batch.id, { accessToken: token, baseURL: dev.baseURL }));
    await waitFor(() => expect(error()).toMatchObject({ code: "forbidden" }), long);
    expect(runs()).toEqual([]);
    dispose();
  });
});
