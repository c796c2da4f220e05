import { cleanup, fireEvent } from "@testing-library/vue";
import { afterEach, describe, expect, it } from "vitest";
import { computed, h } from "vue";
import { useDevServer } from "@trigger-realtime/test-support";
import { useRealtimeTaskTrigger, useRun, useWaitToken, type UseRunReturn, type UseWaitTokenReturn } from "../src/index.js";
import { mount, until } from "./support.js";

const dev = useDevServer();
afterEach(() => cleanup());

/** Triggers the approval task and waits until it shows its wait token. */
async function approvalRun() {
  const { id, publicAccessToken } = await dev.server.trigger("approval", { question: "Ship it?" });
  let result!: UseRunReturn;
  mount(() => ((result = useRun(id, { accessToken: publicAccessToken, baseURL: dev.baseURL })), () => null));
  await until(() => expect(result.run.value?.metadata?.waitpointId).toBeDefined());
  const { waitpointId, waitpointToken } = result.run.value!.metadata as { waitpointId: string; waitpointToken: string };
  return { result, waitpointId, waitpointToken };
}

describe("useWaitToken", () => {
  it("completes the approval task from an Approve button, after a realtime trigger", async () => {
    const accessToken = await dev.token(["trigger:tasks:approval"]);
    const view = mount(() => {
      const { submit, run } = useRealtimeTaskTrigger("approval", { accessToken, baseURL: dev.baseURL });
      const metadata = computed(() => run.value?.metadata as { waitpointId?: string; waitpointToken?: string } | undefined);
      // The options getter reads the run, which changes often: the token's state must survive that.
      const approval = useWaitToken<{ approved: boolean }>(() => metadata.value?.waitpointId, () => ({ accessToken: metadata.value?.waitpointToken, baseURL: dev.baseURL }));
      return () =>
        h("div", [
          h("button", { onClick: () => submit({ question: "Ship it?" }) }, "Ask"),
          h("button", { disabled: !approval.isReady.value || approval.isLoading.value, onClick: () => approval.complete({ approved: true }) }, "Approve"),
          h("p", { "data-testid": "sent" }, String(approval.isCompleted.value)),
          h("p", { "data-testid": "status" }, run.value?.status ?? "-"),
          h("p", { "data-testid": "output" }, JSON.stringify(run.value?.output ?? null)),
        ]);
    });
    expect((view.getByText("Approve") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(view.getByText("Ask"));
    await until(() => expect((view.getByText("Approve") as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(view.getByText("Approve"));
    await until(() => expect(view.getByTestId("status").textContent).toBe("COMPLETED"));
    expect(view.getByTestId("output").textContent).toBe('{"approved":true}');
    expect(view.getByTestId("sent").textContent).toBe("true");
  });

  it("awaits complete and reports isCompleted", async () => {
    const { result, waitpointId, waitpointToken } = await approvalRun();
    let token!: UseWaitTokenReturn<{ approved: boolean }>;
    mount(() => ((token = useWaitToken(waitpointId, { accessToken: waitpointToken, baseURL: dev.baseURL })), () => null));
    expect({ isReady: token.isReady.value, isLoading: token.isLoading.value, isCompleted: token.isCompleted.value }).toEqual({ isReady: true, isLoading: false, isCompleted: false });
    await expect(token.complete({ approved: false })).resolves.toEqual({ success: true });
    expect({ isLoading: token.isLoading.value, isCompleted: token.isCompleted.value, error: token.error.value }).toEqual({ isLoading: false, isCompleted: true, error: undefined });
    await until(() => expect(result.run.value?.output).toEqual({ approved: false }));
  });

  it("is not ready without an id: complete rejects and shows why", async () => {
    let token!: UseWaitTokenReturn;
    mount(() => ((token = useWaitToken(undefined, { accessToken: dev.readToken, baseURL: dev.baseURL })), () => null));
    expect({ isReady: token.isReady.value, error: token.error.value }).toEqual({ isReady: false, error: undefined });
    await expect(token.complete({})).rejects.toThrow(/wait token/i);
    expect(token.error.value?.message).toMatch(/wait token/i);
  });

  it("shows a token without write access to the waitpoint as an error", async () => {
    const { waitpointId } = await approvalRun();
    let token!: UseWaitTokenReturn;
    mount(() => ((token = useWaitToken(waitpointId, { accessToken: dev.readToken, baseURL: dev.baseURL })), () => null));
    await expect(token.complete({ approved: true })).rejects.toMatchObject({ code: "forbidden" });
    expect(token.error.value).toMatchObject({ code: "forbidden" });
    expect(token.isCompleted.value).toBe(false);
  });
});
