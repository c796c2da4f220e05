import { render, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { recordingFetch } from "@trigger-realtime/test-support";
import Run from "./fixtures/Run.svelte";
import RunById from "./fixtures/RunById.svelte";
import WithAuth from "./fixtures/WithAuth.svelte";
import { text, useDevServer, within10s } from "./helpers.js";

const dev = useDevServer();
const auth = () => ({ accessToken: dev.readToken, baseURL: dev.baseURL });

describe("runStore", () => {
  it("follows a progress run to completion", async () => {
    const { id } = await dev.server.trigger("progress", { steps: 3, delayMs: 30 });
    const seen = new Set<string>();
    render(Run, { runId: id, options: auth() });
    await waitFor(() => {
      seen.add(text("progress"));
      expect(text("run-status")).toBe("COMPLETED");
    }, within10s);
    expect(text("run-id")).toBe(id);
    expect(text("progress")).toBe("100");
    expect(text("status")).toBe("complete");
    expect(text("loading")).toBe("false");
    expect(JSON.parse(text("output"))).toEqual({ steps: 3 });
    // Intermediate progress reached the component, not only the final state.
    expect([...seen].filter((value) => value !== "" && value !== "100").length).toBeGreaterThan(0);
  });

  it("calls onComplete once, and only when the run has finished", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual", payload: { n: 1 } });
    const onComplete = vi.fn();
    render(Run, { runId: run.id, options: { ...auth(), onComplete, stopOnCompletion: false } });
    await waitFor(() => expect(text("status")).toBe("live"), within10s);

    run.start();
    run.setMetadata({ progress: 50 });
    await waitFor(() => expect(text("progress")).toBe("50"), within10s);
    expect(text("run-status")).toBe("EXECUTING");
    expect(onComplete).not.toHaveBeenCalled();

    run.complete({ done: true });
    await waitFor(() => expect(text("run-status")).toBe("COMPLETED"), within10s);
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ id: run.id, status: "COMPLETED", output: { done: true } });

    // With stopOnCompletion: false the run keeps updating; onComplete does not fire again.
    run.setMetadata({ progress: 100 });
    await waitFor(() => expect(text("progress")).toBe("100"), within10s);
    expect(text("status")).toBe("live");
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it("moves to a new run id at once, without showing the previous run", async () => {
    const first = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "first" } });
    const second = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "second" } });
    const { rerender } = render(RunById, { runId: first.id, ...auth() });
    await waitFor(() => expect(text("label")).toBe("first"), within10s);

    await rerender({ runId: second.id, ...auth() });
    // Right after the prop change: the first run is gone, not merely replaced later.
    expect(text("run-id")).not.toBe(first.id);
    expect(text("label")).not.toBe("first");
    await waitFor(() => expect(text("label")).toBe("second"), within10s);
    expect(text("run-id")).toBe(second.id);

    // The first run's connection is released (after the grace period): one long-poll is left.
    await waitFor(() => expect(dev.server.stats().openShapeRequests).toBe(1), within10s);
  });

  it("closes the connection after the last subscriber unmounts", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual" });
    run.start();
    const { unmount } = render(Run, { runId: run.id, options: auth() });
    await waitFor(() => {
      expect(text("status")).toBe("live");
      expect(dev.server.stats().openShapeRequests).toBeGreaterThanOrEqual(1);
    }, within10s);
    unmount();
    await waitFor(() => expect(dev.server.stats().openShapeRequests).toBe(0), within10s);
  });

  it("makes no request with enabled: false", async () => {
    const disabled = recordingFetch();
    const live = dev.server.createRun({ taskIdentifier: "manual" });
    const { container: idle } = render(Run, { runId: "run_disabled", options: { enabled: false, fetch: disabled.fetch } });
    const { container: watching } = render(Run, { runId: live.id, options: auth() });
    // Both mounted together; by the time the other store is live, a started one would have fetched.
    await waitFor(() => expect(text("status", watching)).toBe("live"), within10s);
    expect(disabled.urls).toEqual([]);
    expect(text("status", idle)).toBe("idle");
    expect(text("error", idle)).toBe("");
    expect(text("loading", idle)).toBe("false");
  });

  it("shows an error for a token without the run's scope", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual" });
    const accessToken = await dev.server.createPublicToken({ scopes: ["read:runs:run_someone_else"] });
    render(Run, { runId: run.id, options: { accessToken, baseURL: dev.baseURL } });
    await waitFor(() => expect(text("status")).toBe("error"), within10s);
    expect(text("error-code")).toBe("forbidden");
    expect(text("error")).toMatch(/does not grant/);
    expect(text("run-id")).toBe("");
  });

  it("shows an error for an expired token", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual" });
    const accessToken = await dev.server.createPublicToken({ scopes: ["read:runs"], expirationTime: Math.floor(Date.now() / 1000) - 60 });
    render(Run, { runId: run.id, options: { accessToken, baseURL: dev.baseURL } });
    await waitFor(() => expect(text("status")).toBe("error"), within10s);
    expect(text("error-code")).toBe("unauthorized");
  });

  it("renews an expired token with refreshAccessToken and carries on", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual" });
    run.start();
    run.setMetadata({ progress: 5 });
    const expired = await dev.server.createPublicToken({ scopes: ["read:runs"], expirationTime: Math.floor(Date.now() / 1000) - 60 });
    const refreshAccessToken = vi.fn(async () => dev.readToken);
    render(Run, { runId: run.id, options: { accessToken: expired, baseURL: dev.baseURL, refreshAccessToken } });
    await waitFor(() => expect(text("progress")).toBe("5"), within10s);
    expect(text("error")).toBe("");
    expect(refreshAccessToken).toHaveBeenCalledTimes(1);
  });

  it("passes throttleInMs (and its alias) to the subscription", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual", metadata: { progress: 1 } });
    const { container: throttled } = render(Run, { runId: run.id, options: { ...auth(), throttleInMs: 60_000 } });
    const { container: aliased } = render(Run, { runId: run.id, options: { ...auth(), experimental_throttleInMs: 60_000 } });
    const { container: immediate } = render(Run, { runId: run.id, options: auth() });
    await waitFor(() => expect(text("progress", immediate)).toBe("1"), within10s);
    // The throttled stores published their first state ("connecting") and hold the rest for a minute.
    expect(text("status", throttled)).toBe("connecting");
    expect(text("progress", throttled)).toBe("");
    expect(text("status", aliased)).toBe("connecting");
  });

  it("shows an error without any token, instead of throwing", async () => {
    render(Run, { runId: "run_without_token", options: { baseURL: dev.baseURL } });
    expect(text("status")).toBe("error");
    expect(text("error")).toMatch(/No access token/);
  });
});

describe("setTriggerAuth", () => {
  it("gives stores below it their token and base URL", async () => {
    const { id } = await dev.server.trigger("progress", { steps: 2, delayMs: 10 });
    render(WithAuth, { auth: auth(), runId: id });
    expect(text("provided-base-url")).toBe(dev.baseURL);
    await waitFor(() => expect(text("run-status")).toBe("COMPLETED"), within10s);
    expect(text("progress")).toBe("100");
  });

  it("lets per-call options win over the context", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual" });
    const narrow = await dev.server.createPublicToken({ scopes: ["read:runs:run_someone_else"] });
    render(WithAuth, { auth: auth(), runId: run.id, options: { accessToken: narrow } });
    await waitFor(() => expect(text("error-code")).toBe("forbidden"), within10s);
  });
});
