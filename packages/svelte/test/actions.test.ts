import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import Approval from "./fixtures/Approval.svelte";
import RealtimeTrigger from "./fixtures/RealtimeTrigger.svelte";
import TriggerButton from "./fixtures/TriggerButton.svelte";
import { text, useDevServer, within10s } from "./helpers.js";

const dev = useDevServer();
const triggerToken = (task: string) => dev.server.createPublicToken({ scopes: [`trigger:tasks:${task}`] });

describe("taskTrigger", () => {
  it("triggers the task and resolves submit with the run handle", async () => {
    const accessToken = await triggerToken("progress");
    render(TriggerButton, { taskId: "progress", payload: { steps: 1, delayMs: 1 }, options: { accessToken, baseURL: dev.baseURL } });
    expect(text("loading")).toBe("false");
    await fireEvent.click(screen.getByRole("button"));
    await waitFor(() => expect(text("awaited")).toMatch(/^run_/), within10s);
    expect(text("handle")).toBe(text("awaited"));
    expect(text("loading")).toBe("false");
    const run = dev.server.getRun(text("handle"))!;
    expect(run.taskIdentifier).toBe("progress");
    expect(run.tags).toEqual(["from-svelte"]);
  });

  it("rejects submit and shows the error when the token may not trigger the task", async () => {
    const accessToken = await triggerToken("another-task");
    render(TriggerButton, { taskId: "progress", payload: {}, options: { accessToken, baseURL: dev.baseURL } });
    await fireEvent.click(screen.getByRole("button"));
    await waitFor(() => expect(text("awaited")).toMatch(/^rejected: /), within10s);
    expect(text("error")).not.toBe("");
    expect(text("handle")).toBe("");
  });

  it("rejects submit without a token", async () => {
    render(TriggerButton, { taskId: "progress", payload: {}, options: { baseURL: dev.baseURL } });
    expect(text("error")).toMatch(/No access token/);
    await fireEvent.click(screen.getByRole("button"));
    await waitFor(() => expect(text("awaited")).toMatch(/^rejected: No access token/), within10s);
  });
});

describe("realtimeTaskTrigger", () => {
  it("triggers and follows the run to completion, calling onComplete once", async () => {
    const accessToken = await triggerToken("progress");
    const onComplete = vi.fn();
    render(RealtimeTrigger, { taskId: "progress", payload: { steps: 3, delayMs: 20 }, options: { accessToken, baseURL: dev.baseURL, onComplete } });
    expect(text("status")).toBe("idle");
    await fireEvent.click(screen.getByRole("button"));
    await waitFor(() => expect(text("run-status")).toBe("COMPLETED"), within10s);
    expect(text("progress")).toBe("100");
    expect(text("handle")).toMatch(/^run_/);
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ id: text("handle"), output: { steps: 3 } });
  });

  it("follows the run's streams with withStreams", async () => {
    const accessToken = await triggerToken("ai-stream");
    render(RealtimeTrigger, { taskId: "ai-stream", payload: { prompt: "hi", delayMs: 2 }, options: { accessToken, baseURL: dev.baseURL, withStreams: true } });
    await fireEvent.click(screen.getByRole("button"));
    await waitFor(() => {
      expect(text("run-status")).toBe("COMPLETED");
      expect(text("text")).toContain('You asked: "hi"');
    }, within10s);
  });
});

describe("waitToken", () => {
  it("completes the approval task's token from a button", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("approval", { question: "Ship it?" });
    render(Approval, { runId: id, accessToken: publicAccessToken, baseURL: dev.baseURL });
    expect(text("ready")).toBe("false");
    await waitFor(() => {
      expect(text("ready")).toBe("true");
      expect(text("run-status")).toBe("WAITING");
    }, within10s);

    await fireEvent.click(screen.getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(text("completed")).toBe("true"), within10s);
    await waitFor(() => expect(text("run-status")).toBe("COMPLETED"), within10s);
    expect(text("decision")).toBe("approved");
    expect(JSON.parse(text("output"))).toEqual({ approved: true });
    // The run's later updates did not replace the action store: it still says completed.
    expect(text("completed")).toBe("true");
  });
});
