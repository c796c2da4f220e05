import { cleanup } from "@testing-library/vue";
import { afterEach, describe, expect, it, vi } from "vitest";
import { effectScope, h, nextTick, onMounted, ref } from "vue";
import { expectConnectionsToStayClosed, quietPeriod, recordingFetch, requestsOf, useDevServer, windowsSince } from "@trigger-realtime/test-support";
import { useRun, type RealtimeRun, type SkipColumn, type UseRunReturn } from "../src/index.js";
import { mount, until } from "./support.js";

const dev = useDevServer();
afterEach(() => cleanup());

/** Renders a run's id, status, progress, subscription state and error. */
const runView = (result: UseRunReturn) => () =>
  h("div", [
    h("p", { "data-testid": "id" }, result.run.value?.id ?? "none"),
    h("p", { "data-testid": "status" }, result.isLoading.value ? "loading" : (result.run.value?.status ?? "-")),
    h("progress", { "data-testid": "bar", max: 100, value: Number(result.run.value?.metadata?.progress ?? 0) }),
    h("p", { "data-testid": "state" }, result.status.value),
    h("p", { "data-testid": "error" }, result.error.value?.message ?? ""),
  ]);

describe("useRun", () => {
  it("shows a progress task's run live, from loading to COMPLETED with progress 100", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("progress", { steps: 4, delayMs: 30 });
    const seenProgress = new Set<number>();
    const view = mount(() => {
      const result = useRun(id, { accessToken: publicAccessToken, baseURL: dev.baseURL });
      const render = runView(result);
      return () => {
        seenProgress.add(Number(result.run.value?.metadata?.progress ?? -1));
        return render();
      };
    });
    expect(view.getByTestId("status").textContent).toBe("loading");
    await until(() => expect(view.getByTestId("status").textContent).toBe("COMPLETED"));
    expect((view.getByTestId("bar") as HTMLProgressElement).value).toBe(100);
    expect(view.getByTestId("state").textContent).toBe("complete");
    // Progress arrived over several renders, not only at the end.
    expect(seenProgress.size).toBeGreaterThan(2);
  });

  it("goes from QUEUED through EXECUTING to COMPLETED, then closes while still mounted", async () => {
    const controller = dev.server.createRun({ payload: { n: 1 } });
    let result!: UseRunReturn;
    mount(() => ((result = useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL })), () => null));
    expect(result.isLoading.value).toBe(true);
    await until(() => expect(result.run.value?.status).toBe("QUEUED"));
    expect(result.isLoading.value).toBe(false);
    controller.start();
    await until(() => expect(result.run.value?.status).toBe("EXECUTING"));
    controller.setMetadata({ progress: 50 });
    await until(() => expect(result.run.value?.metadata).toEqual({ progress: 50 }));
    expect(result.status.value).toBe("live");
    controller.complete({ ok: true });
    await until(() => expect(result.status.value).toBe("complete"));
    expect(result.run.value).toMatchObject({ id: controller.id, status: "COMPLETED", output: { ok: true }, payload: { n: 1 } });
    // stopOnCompletion (default): nothing left open although the component is still mounted.
    await expectConnectionsToStayClosed(dev.server);
  });

  it("keeps following after completion with stopOnCompletion: false", async () => {
    const controller = dev.server.createRun({});
    const onComplete = vi.fn();
    let result!: UseRunReturn;
    const view = mount(() => {
      result = useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL, stopOnCompletion: false, onComplete });
      return () => null;
    });
    controller.start();
    controller.complete("done");
    await until(() => expect(result.run.value?.status).toBe("COMPLETED"));
    controller.setMetadata({ after: true });
    await until(() => expect(result.run.value?.metadata).toEqual({ after: true }));
    expect(result.status.value).toBe("live");
    expect(onComplete).toHaveBeenCalledTimes(1);
    view.unmount();
    await expectConnectionsToStayClosed(dev.server);
  });

  it("calls the latest onComplete once, only when the run has finished, whatever else changes", async () => {
    const controller = dev.server.createRun({});
    const first = vi.fn();
    const latest = vi.fn();
    const callback = ref<(run: RealtimeRun) => void>(first);
    const label = ref("a");
    let result!: UseRunReturn;
    mount(() => {
      // A getter re-read on every change of `callback` or `label`; a new label is a new store.
      result = useRun(controller.id, () => ({ accessToken: dev.readToken, baseURL: dev.baseURL, onComplete: callback.value, headers: { "x-label": label.value } }));
      return () => null;
    });
    controller.start();
    controller.setMetadata({ step: 1 });
    await until(() => expect(result.run.value?.metadata?.step).toBe(1));
    const shapeRequests = requestsOf(dev.server, "shape");
    callback.value = latest;
    await nextTick();
    expect(requestsOf(dev.server, "shape")).toBe(shapeRequests);
    expect(first).not.toHaveBeenCalled();
    expect(latest).not.toHaveBeenCalled();

    controller.fail(new Error("boom"));
    await until(() => expect(latest).toHaveBeenCalledTimes(1));
    expect(latest.mock.calls[0]![0]).toMatchObject({ id: controller.id, status: "FAILED", isFailed: true });
    // Another store for the same finished run: it shows the run again, and nothing fires again.
    label.value = "b";
    await until(() => expect(result.status.value).toBe("complete"));
    expect(result.run.value?.status).toBe("FAILED");
    await quietPeriod();
    expect(latest).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
  });

  it("moves to a new run id (a ref) without ever showing the previous run; onComplete fires per run", async () => {
    const first = dev.server.createRun({});
    const second = dev.server.createRun({});
    first.start();
    first.complete("A");
    const runId = ref(first.id);
    const onComplete = vi.fn();
    const shown: Array<[string, string | undefined]> = [];
    const view = mount(() => {
      const result = useRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL, onComplete });
      const render = runView(result);
      return () => {
        shown.push([runId.value, result.run.value?.id]);
        return render();
      };
    });
    await until(() => expect(view.getByTestId("id").textContent).toBe(first.id));
    runId.value = second.id;
    await until(() => expect(view.getByTestId("id").textContent).toBe(second.id));
    for (const [wanted, id] of shown) if (id) expect(id).toBe(wanted);
    second.start();
    second.complete("B");
    await until(() => expect(onComplete).toHaveBeenCalledTimes(2));
    expect(onComplete.mock.calls.map(([run]) => run.id)).toEqual([first.id, second.id]);
  });

  it("resubscribes when the token (a ref field) changes, from a wrong-scope error to the run", async () => {
    const controller = dev.server.createRun({});
    const accessToken = ref(await dev.token(["read:runs:run_other"]));
    const view = mount(() => runView(useRun(controller.id, { accessToken, baseURL: dev.baseURL })));
    await until(() => expect(view.getByTestId("state").textContent).toBe("error"));
    expect(view.getByTestId("error").textContent).not.toBe("");
    expect(view.getByTestId("id").textContent).toBe("none");
    accessToken.value = await dev.token([`read:runs:${controller.id}`]);
    await until(() => expect(view.getByTestId("id").textContent).toBe(controller.id));
    expect(view.getByTestId("error").textContent).toBe("");
  });

  it("shows an expired token as an unauthorized error", async () => {
    const controller = dev.server.createRun({});
    const expired = await dev.server.createPublicToken({ scopes: ["read:all"], expirationTime: new Date(Date.now() - 60_000) });
    let result!: UseRunReturn;
    mount(() => ((result = useRun(controller.id, { accessToken: expired, baseURL: dev.baseURL })), () => null));
    await until(() => expect(result.status.value).toBe("error"));
    expect(result.error.value).toMatchObject({ name: "RealtimeError", code: "unauthorized" });
    expect(result.run.value).toBeUndefined();
  });

  it("is idle without a run id, and shows a missing token as an error", () => {
    const view = mount(() => {
      const idle = useRun(undefined, { accessToken: dev.readToken, baseURL: dev.baseURL });
      const missing = useRun("run_1234", { baseURL: dev.baseURL });
      return () => h("p", `${idle.status.value}:${idle.isLoading.value}|${missing.status.value}:${missing.error.value?.message}`);
    });
    expect(view.container.textContent).toMatch(/^idle:false\|error:No access token/);
  });

  it("makes no request while enabled is false (even with a token), then starts when it turns true", async () => {
    const controller = dev.server.createRun({});
    const { fetch, urls } = recordingFetch();
    const enabled = ref(false);
    let result!: UseRunReturn;
    mount(() => ((result = useRun(controller.id, { enabled, accessToken: dev.readToken, baseURL: dev.baseURL, fetch })), () => null));
    await quietPeriod();
    expect(urls).toEqual([]);
    expect({ status: result.status.value, error: result.error.value, isLoading: result.isLoading.value }).toEqual({ status: "idle", error: undefined, isLoading: false });
    enabled.value = true;
    await until(() => expect(result.run.value?.status).toBe("QUEUED"));
    expect(urls.length).toBeGreaterThan(0);
  });

  it("leaves no connection open after unmount (past the 1 s grace)", async () => {
    const controller = dev.server.createRun({});
    const view = mount(() => runView(useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL })));
    await until(() => expect(view.getByTestId("id").textContent).toBe(controller.id));
    await until(() => expect(dev.server.stats().openShapeRequests).toBe(1));
    view.unmount();
    await expectConnectionsToStayClosed(dev.server);
  });

  it("stop() closes the connection and keeps the last run", async () => {
    const controller = dev.server.createRun({});
    let result!: UseRunReturn;
    mount(() => ((result = useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL })), () => null));
    await until(() => expect(result.run.value?.status).toBe("QUEUED"));
    result.stop();
    await until(() => expect(result.status.value).toBe("stopped"));
    await expectConnectionsToStayClosed(dev.server);
    expect(result.run.value?.status).toBe("QUEUED");
  });

  it("shares one long-poll between 20 components on one run", async () => {
    await expectConnectionsToStayClosed(dev.server);
    const controller = dev.server.createRun({});
    const shapeRequests = requestsOf(dev.server, "shape");
    const view = mount(() => {
      const badges = Array.from({ length: 20 }, () => useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL, skipColumns: ["payload"] }));
      return () => h("ul", badges.map(({ run }) => h("li", String(run.value?.metadata?.progress ?? ""))));
    });
    controller.start();
    controller.setMetadata({ progress: 7 });
    await until(() => expect(view.getAllByRole("listitem").map((li) => li.textContent)).toEqual(Array(20).fill("7")));
    await until(() => expect(dev.server.stats().openShapeRequests).toBe(1));
    // One snapshot and a few long-polls in all, where one feed per component would make 40 or more.
    expect(requestsOf(dev.server, "shape") - shapeRequests).toBeLessThanOrEqual(4);
  });

  it("resubscribes when skipColumns changes, but not for a new array with the same columns", async () => {
    const controller = dev.server.createRun({ payload: { big: "x".repeat(100) } });
    const { fetch, urls } = recordingFetch();
    const skipColumns = ref<SkipColumn[]>(["payload"]);
    let result!: UseRunReturn;
    mount(() => ((result = useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL, fetch, skipColumns })), () => null));
    await until(() => expect(result.run.value?.status).toBe("QUEUED"));
    expect(result.run.value?.payload).toBeUndefined();
    const before = urls.length;
    skipColumns.value = ["payload"];
    await nextTick();
    expect(urls.length).toBe(before);
    skipColumns.value = ["metadata"];
    await until(() => expect(result.run.value?.payload).toEqual({ big: "x".repeat(100) }));
    expect(urls.slice(before).some((url) => new URL(url).searchParams.get("skipColumns") === "metadata")).toBe(true);
  });

  it.each(["throttleInMs", "experimental_throttleInMs"] as const)("publishes at most one update per window with %s", async (option) => {
    const controller = dev.server.createRun({});
    controller.start();
    const seen: unknown[] = [];
    let result!: UseRunReturn;
    mount(() => {
      result = useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL, [option]: 1_000 });
      return () => {
        const progress = result.run.value?.metadata?.progress;
        if (progress !== undefined && seen.at(-1) !== progress) seen.push(progress);
        return null;
      };
    });
    await until(() => expect(result.run.value?.status).toBe("EXECUTING"));
    // Six changes about 50 ms apart (without the throttle, six publishes).
    const started = Date.now();
    for (let progress = 1; progress <= 6; progress++) {
      controller.setMetadata({ progress });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await until(() => expect(result.run.value?.metadata?.progress).toBe(6));
    expect(seen.length).toBeLessThanOrEqual(windowsSince(started, 1_000) + 1);
  });

  it("recovers from an expired token with refreshAccessToken", async () => {
    const controller = dev.server.createRun({});
    const expired = await dev.server.createPublicToken({ scopes: ["read:all"], expirationTime: new Date(Date.now() - 60_000) });
    const refreshAccessToken = vi.fn(async () => dev.readToken);
    let result!: UseRunReturn;
    mount(() => ((result = useRun(controller.id, { accessToken: expired, baseURL: dev.baseURL, refreshAccessToken })), () => null));
    await until(() => expect(result.run.value?.status).toBe("QUEUED"));
    expect(refreshAccessToken).toHaveBeenCalled();
    expect(result.error.value).toBeUndefined();
  });

  it("sends previewBranch and headers", async () => {
    const controller = dev.server.createRun({});
    const seen: Array<[string | null, string | null]> = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      seen.push([headers.get("x-trigger-branch"), headers.get("x-app")]);
      return globalThis.fetch(input, init);
    };
    let result!: UseRunReturn;
    mount(() => {
      result = useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL, previewBranch: "feature-x", headers: { "x-app": "vue" }, fetch });
      return () => null;
    });
    await until(() => expect(result.run.value?.status).toBe("QUEUED"));
    expect(new Set(seen.map(String))).toEqual(new Set(["feature-x,vue"]));
  });
});

describe("useRun in an effectScope", () => {
  it("subscribes at once, follows a ref id with no stale read, and stops with the scope", async () => {
    const first = dev.server.createRun({});
    const second = dev.server.createRun({});
    const runId = ref(first.id);
    const scope = effectScope();
    const result = scope.run(() => useRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL }))!;
    await until(() => expect(result.run.value?.id).toBe(first.id));
    runId.value = second.id;
    // Read synchronously, before any flush: the previous run is already gone.
    expect(result.run.value?.id).not.toBe(first.id);
    await until(() => expect(result.run.value?.id).toBe(second.id));
    scope.stop();
    second.setMetadata({ after: true });
    await expectConnectionsToStayClosed(dev.server);
    expect(result.run.value?.metadata?.after).toBeUndefined();
  });

  it("subscribes at once when created in a component that is already mounted", async () => {
    const controller = dev.server.createRun({});
    let result: UseRunReturn | undefined;
    mount(() => {
      onMounted(() => (result = useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL })));
      return () => null;
    });
    await until(() => expect(result?.run.value?.status).toBe("QUEUED"));
  });

  it("warns when called with no scope at all", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      useRun("run_none", { enabled: false });
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/useRun\(\) was called outside a component or effectScope/));
    } finally {
      warn.mockRestore();
    }
  });
});
