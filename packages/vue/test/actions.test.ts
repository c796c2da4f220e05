import { cleanup, fireEvent, render } from "@testing-library/vue";
import { afterEach, describe, expect, it } from "vitest";
import { computed, defineComponent, h } from "vue";
import { useRealtimeTaskTrigger, useRun, useTaskTrigger, useWaitToken } from "../src/index.js";
import { until, useDevServer } from "./support.js";

const dev = useDevServer();
afterEach(() => cleanup());

describe("useTaskTrigger", () => {
  it("submits with a trigger token and resolves with the handle", async () => {
    const token = await dev.server.createPublicToken({ scopes: ["trigger:tasks:progress"] });
    let trigger!: ReturnType<typeof useTaskTrigger>;
    render(defineComponent({ setup: () => ((trigger = useTaskTrigger("progress", { accessToken: token, baseURL: dev.server.url })), () => h("p")) }));
    const handle = await trigger.submit({ steps: 1, delayMs: 1 }, { tags: ["vue-trigger"] });
    expect(handle.id).toMatch(/^run_/);
    expect(handle.publicAccessToken.split(".")).toHaveLength(3);
    expect(trigger.handle.value?.id).toBe(handle.id);
    expect(dev.server.getRun(handle.id)!.tags).toEqual(["vue-trigger"]);
  });

  it("rejects without a token and shows why", async () => {
    let trigger!: ReturnType<typeof useTaskTrigger>;
    render(defineComponent({ setup: () => ((trigger = useTaskTrigger("progress", { baseURL: dev.server.url })), () => h("p")) }));
    await expect(trigger.submit({})).rejects.toThrow(/No access token/);
    expect(trigger.error.value?.message).toMatch(/No access token/);
  });
});

describe("useRealtimeTaskTrigger and useWaitToken", () => {
  it("triggers the approval task, follows it and approves it", async () => {
    const triggerToken = await dev.server.createPublicToken({ scopes: ["trigger:tasks:approval"] });
    const completions: string[] = [];
    const view = render(
      defineComponent({
        setup() {
          const { submit, run } = useRealtimeTaskTrigger("approval", {
            accessToken: triggerToken,
            baseURL: dev.server.url,
            onComplete: (finished) => completions.push(finished.status),
          });
          const waitpointId = computed(() => run.value?.metadata?.waitpointId as string | undefined);
          const waitpointToken = computed(() => run.value?.metadata?.waitpointToken as string | undefined);
          const approval = useWaitToken<{ approved: boolean }>(waitpointId, () => ({ accessToken: waitpointToken.value, baseURL: dev.server.url }));
          return () =>
            h("div", [
              h("button", { onClick: () => submit({ question: "Ship it?" }) }, "Trigger"),
              h("button", { disabled: !approval.isReady.value, onClick: () => approval.complete({ approved: true }) }, "Approve"),
              h("p", { "data-testid": "status" }, run.value?.status ?? "-"),
              h("p", { "data-testid": "output" }, JSON.stringify(run.value?.output ?? null)),
            ]);
        },
      }),
    );
    await fireEvent.click(view.getByText("Trigger"));
    await until(() => expect(view.getByText("Approve").hasAttribute("disabled")).toBe(false));
    await fireEvent.click(view.getByText("Approve"));
    await until(() => expect(view.getByTestId("status").textContent).toBe("COMPLETED"));
    expect(view.getByTestId("output").textContent).toBe('{"approved":true}');
    expect(completions).toEqual(["COMPLETED"]);
  });
});

describe("useRun onComplete", () => {
  it("never fires for an unfinished run", async () => {
    const run = dev.server.createRun({});
    run.start();
    const token = await dev.token();
    const completions: string[] = [];
    const view = render(
      defineComponent({
        setup() {
          const { run: current } = useRun(run.id, { accessToken: token, baseURL: dev.server.url, onComplete: (r) => completions.push(r.id) });
          return () => h("p", current.value?.status ?? "-");
        },
      }),
    );
    await until(() => expect(view.container.textContent).toBe("EXECUTING"));
    expect(completions).toEqual([]);
    run.fail(new Error("boom"));
    await until(() => expect(view.container.textContent).toBe("FAILED"));
    expect(completions).toEqual([run.id]);
  });
});
