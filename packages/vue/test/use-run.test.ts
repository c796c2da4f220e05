import { cleanup, render } from "@testing-library/vue";
import { afterEach, describe, expect, it } from "vitest";
import { defineComponent, effectScope, h, nextTick, ref } from "vue";
import { TriggerRealtimePlugin, useRun, type UseRunOptions } from "../src/index.js";
import { until, useDevServer } from "./support.js";

const dev = useDevServer();
afterEach(() => cleanup());

/** Renders the run's id, status and progress, and records every (requested id, shown id) pair. */
function RunView(runId: () => string | undefined, options: () => UseRunOptions | undefined, seen: Array<[string | undefined, string | undefined]> = []) {
  return defineComponent({
    setup() {
      const { run, error, status, isLoading } = useRun(runId, options);
      return () => {
        seen.push([runId(), run.value?.id]);
        return h("div", [
          h("p", { "data-testid": "id" }, run.value?.id ?? "none"),
          h("p", { "data-testid": "status" }, run.value?.status ?? "-"),
          h("p", { "data-testid": "progress" }, String(run.value?.metadata?.progress ?? "")),
          h("p", { "data-testid": "state" }, `${status.value}/${isLoading.value}`),
          h("p", { "data-testid": "error" }, error.value?.message ?? ""),
        ]);
      };
    },
  });
}

describe("useRun", () => {
  it("shows a run live until it completes, and calls onComplete once", async () => {
    const { id } = await dev.server.trigger("progress", { steps: 3, delayMs: 20 });
    const completed: string[] = [];
    const token = await dev.token();
    const view = render(RunView(() => id, () => ({ accessToken: token, baseURL: dev.server.url, onComplete: (run) => completed.push(run.status) })));
    await until(() => expect(view.getByTestId("status").textContent).toBe("COMPLETED"));
    expect(view.getByTestId("progress").textContent).toBe("100");
    expect(view.getByTestId("state").textContent).toBe("complete/false");
    expect(completed).toEqual(["COMPLETED"]);
  });

  it("moves to a new run id without ever showing the previous run", async () => {
    const first = dev.server.createRun({});
    const second = dev.server.createRun({});
    const token = await dev.token();
    const runId = ref(first.id);
    const seen: Array<[string | undefined, string | undefined]> = [];
    const view = render(RunView(() => runId.value, () => ({ accessToken: token, baseURL: dev.server.url }), seen));
    await until(() => expect(view.getByTestId("id").textContent).toBe(first.id));
    runId.value = second.id;
    await until(() => expect(view.getByTestId("id").textContent).toBe(second.id));
    for (const [requested, shown] of seen) if (shown) expect(shown).toBe(requested);
  });

  it("resubscribes when the token changes", async () => {
    const run = dev.server.createRun({});
    const token = ref(await dev.token(["read:runs:run_other"]));
    const view = render(RunView(() => run.id, () => ({ accessToken: token.value, baseURL: dev.server.url })));
    await until(() => expect(view.getByTestId("error").textContent).toMatch(/access/));
    token.value = await dev.token([`read:runs:${run.id}`]);
    await until(() => expect(view.getByTestId("id").textContent).toBe(run.id));
    expect(view.getByTestId("error").textContent).toBe("");
  });

  it("shows an expired token as an error", async () => {
    const run = dev.server.createRun({});
    const expired = await dev.server.createPublicToken({ scopes: ["read:all"], expirationTime: Math.floor(Date.now() / 1000) - 30 });
    const view = render(RunView(() => run.id, () => ({ accessToken: expired, baseURL: dev.server.url })));
    await until(() => expect(view.getByTestId("error").textContent).toMatch(/invalid/i));
    expect(view.getByTestId("state").textContent).toMatch(/^error/);
  });

  it("closes its connection after unmount", async () => {
    const run = dev.server.createRun({});
    const token = await dev.token();
    const view = render(RunView(() => run.id, () => ({ accessToken: token, baseURL: dev.server.url })));
    await until(() => expect(dev.server.stats().openShapeRequests).toBeGreaterThan(0));
    view.unmount();
    await until(() => expect(dev.server.stats().openShapeRequests).toBe(0), 5000);
  });

  it("makes no request when disabled", async () => {
    const run = dev.server.createRun({});
    const before = dev.server.stats().totalRequests;
    const view = render(RunView(() => run.id, () => ({ enabled: false, baseURL: dev.server.url })));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(dev.server.stats().totalRequests).toBe(before);
    expect(view.getByTestId("state").textContent).toBe("idle/false");
  });

  it("takes app-wide auth from the plugin", async () => {
    const run = dev.server.createRun({});
    const token = await dev.token();
    const view = render(RunView(() => run.id, () => undefined), { global: { plugins: [[TriggerRealtimePlugin, { accessToken: token, baseURL: dev.server.url }]] } });
    await until(() => expect(view.getByTestId("id").textContent).toBe(run.id));
  });

  it("works inside a bare effectScope and stops with it", async () => {
    const run = dev.server.createRun({});
    const token = await dev.token();
    const scope = effectScope();
    const result = scope.run(() => useRun(run.id, { accessToken: token, baseURL: dev.server.url }))!;
    await until(() => expect(result.run.value?.id).toBe(run.id));
    scope.stop();
    run.setMetadata({ after: true });
    await nextTick();
    await until(() => expect(dev.server.stats().openShapeRequests).toBe(0), 5000);
    expect(result.run.value?.metadata?.after).toBeUndefined();
  });
});
