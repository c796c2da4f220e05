import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { selectRunStore } from "@trigger-realtime/core/adapter";
import { describe, expect, it, vi } from "vitest";
import { recordingFetch } from "@trigger-realtime/test-support";
import RunesApproval from "./fixtures/RunesApproval.svelte";
import RunesAuth from "./fixtures/RunesAuth.svelte";
import RunesLists from "./fixtures/RunesLists.svelte";
import RunesRun from "./fixtures/RunesRun.svelte";
import RunesStream from "./fixtures/RunesStream.svelte";
import { text, useDevServer, within10s } from "./helpers.js";

const dev = useDevServer();
const auth = () => ({ accessToken: dev.readToken, baseURL: dev.baseURL });

describe("useRun", () => {
  it("follows the run id getter without showing the previous run, and releases it", async () => {
    const first = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "first" } });
    const second = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "second" } });
    const { rerender, unmount } = render(RunesRun, { runId: first.id, options: auth() });
    await waitFor(() => expect(text("label")).toBe("first"), within10s);

    await rerender({ runId: second.id, options: auth() });
    expect(text("run-id")).not.toBe(first.id);
    expect(text("label")).not.toBe("first");
    await waitFor(() => expect(text("label")).toBe("second"), within10s);
    await waitFor(() => expect(dev.server.stats().openShapeRequests).toBe(1), within10s);

    // Live updates still arrive through the new subscription.
    second.start();
    await waitFor(() => expect(text("run-status")).toBe("EXECUTING"), within10s);

    unmount();
    await waitFor(() => expect(dev.server.stats().openShapeRequests).toBe(0), within10s);
  });

  it("calls the current onComplete once per finished run", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual" });
    const onComplete = vi.fn();
    render(RunesRun, { runId: run.id, options: { ...auth(), onComplete } });
    await waitFor(() => expect(text("status")).toBe("live"), within10s);
    run.start();
    await waitFor(() => expect(text("run-status")).toBe("EXECUTING"), within10s);
    expect(onComplete).not.toHaveBeenCalled();
    run.fail(new Error("boom"));
    await waitFor(() => expect(text("run-status")).toBe("FAILED"), within10s);
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ id: run.id, status: "FAILED", error: { message: "boom" } });
  });

  it("does not call onComplete again when readers leave and come back", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual" });
    run.start();
    run.complete({ ok: true });
    const onComplete = vi.fn();
    const props = { runId: run.id, options: { ...auth(), onComplete } };
    const { rerender } = render(RunesRun, props);
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1), within10s);

    await rerender({ ...props, visible: false });
    // Nobody reads the run any more: the helper has let go of the store.
    await waitFor(() => expect(selectRunStore(run.id, auth()).lc).toBe(0), within10s);
    await rerender({ ...props, visible: true });
    expect(text("run-status")).toBe("COMPLETED");
    expect(selectRunStore(run.id, auth()).lc).toBeGreaterThan(0);
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it("stays idle with enabled: false and follows it when it turns true", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "enabled" } });
    const other = dev.server.createRun({ taskIdentifier: "manual" });
    const counting = recordingFetch();
    const options = (enabled: boolean) => ({ ...auth(), fetch: counting.fetch, enabled });
    const { container, rerender } = render(RunesRun, { runId: run.id, options: options(false) });
    const { container: sibling } = render(RunesRun, { runId: other.id, options: auth() });
    // Mounted together: by the time the sibling is live, a started subscription would have fetched.
    await waitFor(() => expect(text("status", sibling)).toBe("live"), within10s);
    expect(counting.urls).toEqual([]);
    expect(text("status", container)).toBe("idle");

    await rerender({ runId: run.id, options: options(true) });
    await waitFor(() => expect(text("label", container)).toBe("enabled"), within10s);
    expect(counting.urls.length).toBeGreaterThan(0);
  });

  it("follows a token given through a setTriggerAuth getter", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "authorized" } });
    const narrow = await dev.server.createPublicToken({ scopes: ["read:runs:run_someone_else"] });
    const { rerender } = render(RunesAuth, { accessToken: narrow, baseURL: dev.baseURL, runId: run.id });
    await waitFor(() => expect(text("error-code")).toBe("forbidden"), within10s);
    await rerender({ accessToken: dev.readToken, baseURL: dev.baseURL, runId: run.id });
    await waitFor(() => expect(text("label")).toBe("authorized"), within10s);
    expect(text("error-code")).toBe("");
  });
});

describe("runes helpers for lists, streams and actions", () => {
  it("useRunsWithTag and useBatch follow their getters", async () => {
    const tag = `runes_${Math.random().toString(36).slice(2)}`;
    const tagged = dev.server.createRun({ taskIdentifier: "manual", tags: [tag] });
    const batch = dev.server.createBatch(1);
    const inBatch = dev.server.createRun({ taskIdentifier: "manual", batchId: batch.id });
    const { rerender } = render(RunesLists, { tag, batchId: batch.id, ...auth() });
    await waitFor(() => {
      expect(text("tagged")).toBe(tagged.id);
      expect(text("batch")).toBe(inBatch.id);
    }, within10s);

    const otherTag = `${tag}_other`;
    const other = dev.server.createRun({ taskIdentifier: "manual", tags: [otherTag] });
    await rerender({ tag: otherTag, batchId: batch.id, ...auth() });
    expect(text("tagged")).not.toBe(tagged.id);
    await waitFor(() => expect(text("tagged")).toBe(other.id), within10s);
  });

  it("useTaskTrigger, useStream and useRunWithStreams show a triggered run's text", async () => {
    const accessToken = await dev.server.createPublicToken({ scopes: ["trigger:tasks:ai-stream"] });
    const onParts = vi.fn();
    render(RunesStream, { accessToken, baseURL: dev.baseURL, onParts });
    expect(text("stream-status")).toBe("idle");
    await fireEvent.click(screen.getByRole("button", { name: "Ask" }));
    await waitFor(() => {
      expect(text("output")).toContain('You asked: "runes"');
      expect(text("text")).toBe(text("output"));
      expect(text("run-text")).toBe(text("output"));
    }, within10s);
    expect(onParts).toHaveBeenCalled();
  });

  it("useRealtimeTaskTrigger and useWaitToken complete an approval", async () => {
    const accessToken = await dev.server.createPublicToken({ scopes: ["trigger:tasks:approval"] });
    render(RunesApproval, { accessToken, baseURL: dev.baseURL });
    expect(text("ready")).toBe("false");
    await fireEvent.click(screen.getByRole("button", { name: "Start" }));
    await waitFor(() => expect(text("ready")).toBe("true"), within10s);
    await fireEvent.click(screen.getByRole("button", { name: "Reject" }));
    await waitFor(() => {
      expect(text("completed")).toBe("true");
      expect(text("run-status")).toBe("COMPLETED");
      expect(text("decision")).toBe("rejected");
    }, within10s);
  });
});
