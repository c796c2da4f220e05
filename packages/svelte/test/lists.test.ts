import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { recordingFetch } from "@trigger-realtime/test-support";
import Runs from "./fixtures/Runs.svelte";
import { text, useDevServer, within10s } from "./helpers.js";

const dev = useDevServer();
const auth = () => ({ accessToken: dev.readToken, baseURL: dev.baseURL });

const rows = () =>
  screen.queryAllByTestId("row").map((row) => ({ id: row.dataset.id, status: row.dataset.status, payload: JSON.parse(row.dataset.payload!) }));

describe("runsWithTagStore", () => {
  it("lists every run with the tag, oldest first, live", async () => {
    const tag = `user_${Math.random().toString(36).slice(2)}`;
    const first = dev.server.createRun({ taskIdentifier: "manual", tags: [tag], payload: { n: 1 } });
    const second = dev.server.createRun({ taskIdentifier: "manual", tags: [tag], payload: { n: 2 } });
    dev.server.createRun({ taskIdentifier: "manual", tags: ["someone-else"] });
    const counting = recordingFetch();
    render(Runs, { tag, options: { ...auth(), createdAt: "1h", fetch: counting.fetch } });
    await waitFor(() => expect(rows().map((row) => row.id)).toEqual([first.id, second.id]), within10s);
    expect(rows()[0]!.payload).toEqual({ n: 1 });
    expect(text("loading")).toBe("false");
    expect(new URL(counting.urls[0]!).searchParams.get("createdAt")).toBe("1h");

    // A new run with the tag joins the list, and updates show in place.
    const third = dev.server.createRun({ taskIdentifier: "manual", tags: [tag] });
    first.start();
    await waitFor(() => {
      expect(rows().map((row) => row.id)).toEqual([first.id, second.id, third.id]);
      expect(rows()[0]!.status).toBe("EXECUTING");
    }, within10s);

    // A run that loses the tag leaves the list.
    second.setTags(["moved"]);
    await waitFor(() => expect(rows().map((row) => row.id)).toEqual([first.id, third.id]), within10s);
  });

  it("combines several tags with AND and honours skipColumns", async () => {
    const tag = `team_${Math.random().toString(36).slice(2)}`;
    const both = dev.server.createRun({ taskIdentifier: "manual", tags: [tag, "vip"], payload: { secret: true } });
    dev.server.createRun({ taskIdentifier: "manual", tags: [tag] });
    render(Runs, { tag: [tag, "vip"], options: { ...auth(), skipColumns: ["payload"] } });
    await waitFor(() => expect(rows().map((row) => row.id)).toEqual([both.id]), within10s);
    expect(rows()[0]!.payload).toBeNull();
  });

  it("shows an error for a token without the tag's scope", async () => {
    const accessToken = await dev.server.createPublicToken({ scopes: ["read:tags:another-tag"] });
    render(Runs, { tag: "not-mine", options: { accessToken, baseURL: dev.baseURL } });
    await waitFor(() => expect(text("error-code")).toBe("forbidden"), within10s);
    expect(text("status")).toBe("error");
  });
});

describe("batchStore", () => {
  it("lists the runs of a batch as they progress", async () => {
    const batch = dev.server.createBatch(2);
    const a = dev.server.createRun({ taskIdentifier: "manual", batchId: batch.id });
    const b = dev.server.createRun({ taskIdentifier: "manual", batchId: batch.id });
    const accessToken = await dev.server.createPublicToken({ scopes: [`read:batch:${batch.id}`] });
    render(Runs, { batchId: batch.id, options: { accessToken, baseURL: dev.baseURL } });
    await waitFor(() => expect(rows().map((row) => row.id)).toEqual([a.id, b.id]), within10s);

    a.start();
    a.complete();
    b.start();
    await waitFor(() => expect(rows().map((row) => row.status)).toEqual(["COMPLETED", "EXECUTING"]), within10s);
  });
});
