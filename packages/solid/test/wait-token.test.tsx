import { Show } from "solid-js";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { long } from "@trigger-realtime/test-support";
import { createRun, createWaitToken } from "../src/index.js";
import { root } from "./root.js";
import { useDevServer } from "./dev-server.js";

const dev = useDevServer();
afterEach(cleanup);

/** The approval prompt of an app: the task put its wait token and that token's access in its metadata. */
function ApprovalPrompt(props: { runId: string; accessToken: string }) {
  const { run } = createRun(() => props.runId, () => ({ accessToken: props.accessToken, baseURL: dev.baseURL }));
  const token = createWaitToken<{ approved: boolean }>(
    () => run()?.metadata?.waitpointId as string | undefined,
    () => ({ accessToken: run()?.metadata?.waitpointToken as string | undefined, baseURL: dev.baseURL }),
  );
  return (
    <Show when={!run()?.isCompleted} fallback={<p data-testid="result">{JSON.stringify(run()?.output)}</p>}>
      <span data-testid="state">{`${run()?.status ?? "none"} ready=${token.isReady()} sent=${token.isCompleted()}`}</span>
      <button disabled={!token.isReady() || token.isLoading()} onClick={() => token.complete({ approved: true })}>
        Approve
      </button>
    </Show>
  );
}

describe("createWaitToken", () => {
  it("completes the approval task's wait token from an Approve button", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("approval", { question: "Ship it?" });
    render(() => <ApprovalPrompt runId={id} accessToken={publicAccessToken} />);
    const approve = screen.getByText("Approve") as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    await waitFor(() => expect(screen.getByTestId("state").textContent).toBe("WAITING ready=true sent=false"), long);
    expect(approve.disabled).toBe(false);
    fireEvent.click(approve);
    await waitFor(() => expect(screen.getByTestId("result").textContent).toBe(JSON.stringify({ approved: true })), long);
  });

  it("resolves complete() once the server accepted it", async () => {
    const { id } = await dev.server.trigger("approval", {});
    await waitFor(() => expect(dev.server.getRun(id)?.metadata?.waitpointId).toBeDefined(), long);
    const { waitpointId, waitpointToken } = dev.server.getRun(id)!.metadata as { waitpointId: string; waitpointToken: string };
    const { complete, isCompleted, isLoading, error, dispose } = root(() =>
      createWaitToken<{ approved: boolean }>(waitpointId, { accessToken: waitpointToken, baseURL: dev.baseURL }),
    );
    const pending = complete({ approved: false });
    expect(isLoading()).toBe(true);
    await expect(pending).resolves.toEqual({ success: true });
    expect([isCompleted(), isLoading(), error()]).toEqual([true, false, undefined]);
    await waitFor(() => expect(dev.server.getRun(id)?.status).toBe("COMPLETED_SUCCESSFULLY"), long);
    dispose();
  });

  it("rejects with the error when the token may not complete it", async () => {
    const { id } = await dev.server.trigger("approval", {});
    await waitFor(() => expect(dev.server.getRun(id)?.metadata?.waitpointId).toBeDefined(), long);
    const { waitpointId } = dev.server.getRun(id)!.metadata as { waitpointId: string };
    const wrong = await dev.server.createPublicToken({ scopes: ["write:waitpoints:waitpoint_other"] });
    const { complete, isCompleted, error, dispose } = root(() => createWaitToken(waitpointId, { accessToken: wrong, baseURL: dev.baseURL }));
    await expect(complete({ approved: true })).rejects.toMatchObject({ code: "forbidden" });
    expect([isCompleted(), error()?.name]).toEqual([false, "RealtimeError"]);
    dispose();
  });

  it("is not ready without a token id, and complete() rejects", async () => {
    const { complete, isReady, error, dispose } = root(() => createWaitToken(undefined, { accessToken: dev.readToken, baseURL: dev.baseURL }));
    expect(isReady()).toBe(false);
    await expect(complete({})).rejects.toThrow(/No wait token id/);
    expect(error()?.message).toMatch(/No wait token id/);
    dispose();
  });
});
