import { cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { expectNoOpenConnections, long, recordingFetch, unique, useDevServer } from "@trigger-realtime/test-support";
import { useRealtimeBatch, useRealtimeRunsWithTag } from "../src/index.js";

const dev = useDevServer();
afterEach(cleanup);

describe("useRealtimeRunsWithTag", () => {
  it("tells loading from empty, then grows and updates the list live, oldest first", async () => {
    const tag = unique("user");
    const { result } = renderHook(() => useRealtimeRunsWithTag(tag, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    expect(result.current).toMatchObject({ runs: [], isLoading: true });
    await waitFor(() => expect(result.current.isLoading).toBe(false), long);
    expect(result.current.runs).toEqual([]);

    const first = dev.server.createRun({ taskIdentifier: "manual", tags: [tag], payload: 1 });
    await waitFor(() => expect(result.current.runs.map((run) => run.payload)).toEqual([1]), long);
    const second = dev.server.createRun({ taskIdentifier: "manual", tags: [tag], payload: 2 });
    await waitFor(() => expect(result.current.runs.map((run) => run.payload)).toEqual([1, 2]), long);

    const untouched = result.current.runs[1];
    first.start();
    first.setMetadata({ progress: 50 });
    await waitFor(() => expect(result.current.runs[0]?.metadata).toEqual({ progress: 50 }), long);
    expect(result.current.runs[0]?.status).toBe("EXECUTING");
    expect(result.current.runs[1]).toBe(untouched);
    expect(result.current.runs.map((run) => run.id)).toEqual([first.run.friendlyId, second.run.friendlyId]);

    // A run that loses the tag leaves the list.
    second.setTags(["elsewhere"]);
    await waitFor(() => expect(result.current.runs.map((run) => run.payload)).toEqual([1]), long);
    expect(result.current.error).toBeUndefined();
  });

  it("ANDs several tags, and a new array with the same tags does not resubscribe", async () => {
    const user = unique("user");
    const org = unique("org");
    dev.server.createRun({ taskIdentifier: "manual", tags: [user], payload: "user only" });
    dev.server.createRun({ taskIdentifier: "manual", tags: [user, org], payload: "both" });
    const { fetch, urls } = recordingFetch();
    const { result, rerender } = renderHook(
      ({ tags }) => useRealtimeRunsWithTag(tags, { accessToken: dev.readToken, baseURL: dev.baseURL, fetch, createdAt: "1h" }),
      { initialProps: { tags: [user, org] } },
    );
    await waitFor(() => expect(result.current.runs.map((run) => run.payload)).toEqual(["both"]), long);
    expect(new URL(urls[0]!).searchParams.get("createdAt")).toBe("1h");
    const requests = urls.length;
    rerender({ tags: [user, org] });
    rerender({ tags: [user, org] });
    expect(urls.length).toBe(requests);

    // A different tag list is another subscription: no run of the old list stays.
    rerender({ tags: [user] });
    await waitFor(() => expect(result.current.runs.map((run) => run.payload).sort()).toEqual(["both", "user only"]), long);
  });

  it("shows a token without the tag's scope as an error", async () => {
    const tag = unique("secret");
    const token = await dev.server.createPublicToken({ scopes: ["read:tags:another_tag"] });
    const { result } = renderHook(() => useRealtimeRunsWithTag(tag, { accessToken: token, baseURL: dev.baseURL }));
    await waitFor(() => expect(result.current.status).toBe("error"), long);
    expect(result.current.error).toMatchObject({ code: "forbidden" });
    expect(result.current.runs).toEqual([]);
  });

  it("closes its connection on unmount", async () => {
    const tag = unique("closing");
    const { result, unmount } = renderHook(() => useRealtimeRunsWithTag(tag, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    await waitFor(() => expect(result.current.status).toBe("live"), long);
    unmount();
    await expectNoOpenConnections(dev.server);
  });
});

describe("useRealtimeBatch", () => {
  it("lists the batch's runs and follows each of them", async () => {
    const batch = dev.server.createBatch(2);
    const a = dev.server.createRun({ taskIdentifier: "manual", batchId: batch.id, payload: "a" });
    const b = dev.server.createRun({ taskIdentifier: "manual", batchId: batch.id, payload: "b" });
    const token = await dev.server.createPublicToken({ scopes: [`read:batch:${batch.id}`] });
    const { result } = renderHook(() => useRealtimeBatch(batch.id, { accessToken: token, baseURL: dev.baseURL }));
    await waitFor(() => expect(result.current.runs.map((run) => run.payload)).toEqual(["a", "b"]), long);
    a.start();
    a.complete("A");
    b.start();
    b.fail(new Error("B failed"));
    await waitFor(() => expect(result.current.runs.map((run) => run.status)).toEqual(["COMPLETED", "FAILED"]), long);
    expect(result.current.runs[0]?.output).toBe("A");
    expect(result.current.runs[1]?.error?.message).toContain("B failed");
    expect(result.current.isLoading).toBe(false);
  });
});
