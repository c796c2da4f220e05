import { cleanup } from "@testing-library/vue";
import { afterEach, describe, expect, it, vi } from "vitest";
import { h, nextTick, ref } from "vue";
import { expectConnectionsToStayClosed, quietPeriod, recordingFetch, unique, useDevServer } from "@trigger-realtime/test-support";
import { useRealtimeTaskTrigger, useRun, useTaskTrigger, type UseRealtimeTaskTriggerReturn, type UseTaskTriggerReturn } from "../src/index.js";
import { mount, until } from "./support.js";

const dev = useDevServer();
afterEach(() => cleanup());

const triggerToken = (task: string) => dev.token([`trigger:tasks:${task}`]);

describe("useTaskTrigger", () => {
  it("triggers with an awaitable submit, forwarding trigger options; the handle reads the run", async () => {
    const accessToken = await triggerToken("progress");
    const tag = unique("trigger");
    let trigger!: UseTaskTriggerReturn;
    mount(() => ((trigger = useTaskTrigger("progress", { accessToken, baseURL: dev.baseURL })), () => null));
    const pending = trigger.submit({ steps: 2, delayMs: 10 }, { tags: [tag], metadata: { from: "test" } });
    expect(trigger.isLoading.value).toBe(true);
    const handle = await pending;
    expect(trigger.isLoading.value).toBe(false);
    expect(handle.id).toMatch(/^run_/);
    expect(trigger.handle.value).toEqual(handle);
    expect(dev.server.getRun(handle.id)!.tags).toEqual([tag]);

    let run!: ReturnType<typeof useRun>;
    mount(() => ((run = useRun(handle.id, { accessToken: handle.publicAccessToken, baseURL: dev.baseURL })), () => null));
    await until(() => expect(run.run.value?.status).toBe("COMPLETED"));
    expect(run.run.value?.metadata).toMatchObject({ from: "test", progress: 100 });
  });

  it("puts a refused trigger in error; the promise rejects when awaited and is harmless when not", async () => {
    const wrongTask = await triggerToken("approval");
    let trigger!: UseTaskTriggerReturn;
    mount(() => ((trigger = useTaskTrigger("progress", { accessToken: wrongTask, baseURL: dev.baseURL })), () => null));
    void trigger.submit({});
    await until(() => expect(trigger.error.value).toMatchObject({ code: "forbidden" }));
    await expect(trigger.submit({})).rejects.toMatchObject({ name: "RealtimeError", code: "forbidden" });
    expect(trigger.handle.value).toBeUndefined();
  });

  it("without a token shows why and rejects submit; enabled: false only hides the error", async () => {
    let missing!: UseTaskTriggerReturn;
    let disabled!: UseTaskTriggerReturn;
    mount(() => {
      missing = useTaskTrigger("progress", { baseURL: dev.baseURL });
      disabled = useTaskTrigger("progress", { baseURL: dev.baseURL, enabled: false });
      return () => null;
    });
    expect(missing.error.value?.message).toMatch(/No access token/);
    expect(disabled.error.value).toBeUndefined();
    await expect(missing.submit({})).rejects.toThrow(/access token/i);
    await expect(disabled.submit({})).rejects.toThrow(/access token/i);
  });

  it("keeps its state when an unrelated option value changes", async () => {
    const accessToken = await triggerToken("progress");
    const unrelated = ref(0);
    let trigger!: UseTaskTriggerReturn;
    mount(() => {
      // The getter is re-read on every change of `unrelated`; its values stay the same.
      trigger = useTaskTrigger("progress", () => (unrelated.value, { accessToken, baseURL: dev.baseURL }));
      return () => null;
    });
    const handle = await trigger.submit({ steps: 1, delayMs: 1 });
    unrelated.value++;
    await nextTick();
    expect(trigger.handle.value?.id).toBe(handle.id);
  });
});

describe("useRealtimeTaskTrigger", () => {
  it("triggers, follows the run live, and follows each new run after the next submit", async () => {
    const accessToken = await triggerToken("progress");
    const onComplete = vi.fn();
    let trigger!: UseRealtimeTaskTriggerReturn;
    const view = mount(() => {
      trigger = useRealtimeTaskTrigger("progress", { accessToken, baseURL: dev.baseURL, onComplete });
      return () => h("p", `${trigger.run.value?.status ?? "-"} ${trigger.run.value?.metadata?.progress ?? ""}`);
    });
    expect({ run: trigger.run.value, handle: trigger.handle.value, status: trigger.status.value, isLoading: trigger.isLoading.value }).toEqual({
      run: undefined,
      handle: undefined,
      status: "idle",
      isLoading: false,
    });
    const first = await trigger.submit({ steps: 2, delayMs: 10 });
    await until(() => expect(view.container.textContent).toBe("COMPLETED 100"));
    expect(trigger.run.value?.id).toBe(first.id);
    await until(() => expect(onComplete).toHaveBeenCalledTimes(1));

    const second = await trigger.submit({ steps: 3, delayMs: 10 });
    expect(trigger.handle.value?.id).toBe(second.id);
    // From the new handle on, the run shown is the new one (or none yet), never the first.
    expect(trigger.run.value?.id).not.toBe(first.id);
    await until(() => expect(trigger.run.value).toMatchObject({ id: second.id, status: "COMPLETED", output: { steps: 3 } }));
    await until(() => expect(onComplete).toHaveBeenCalledTimes(2));
    expect(onComplete.mock.calls.map(([run]) => run.id)).toEqual([first.id, second.id]);
    expect(trigger.error.value).toBeUndefined();
  });

  it("follows the triggered run's streams with withStreams: true", async () => {
    const accessToken = await triggerToken("ai-stream");
    let trigger!: UseRealtimeTaskTriggerReturn<unknown, { text: string }>;
    mount(() => ((trigger = useRealtimeTaskTrigger<unknown, { text: string }>("ai-stream", { accessToken, baseURL: dev.baseURL, withStreams: true })), () => null));
    await trigger.submit({ prompt: "hello", delayMs: 2 });
    await until(() => expect(trigger.run.value?.status).toBe("COMPLETED"));
    const output = trigger.run.value!.output as { text: string };
    await until(() => expect(trigger.streams.value.text?.join("")).toBe(output.text));
  });

  it("with enabled: false triggers without following the run", async () => {
    const accessToken = await triggerToken("progress");
    const { fetch, urls } = recordingFetch();
    let trigger!: UseRealtimeTaskTriggerReturn;
    mount(() => ((trigger = useRealtimeTaskTrigger("progress", { accessToken, baseURL: dev.baseURL, fetch, enabled: false })), () => null));
    const handle = await trigger.submit({ steps: 1, delayMs: 1 });
    expect(trigger.handle.value?.id).toBe(handle.id);
    await quietPeriod();
    expect(urls.filter((url) => url.includes("/realtime/"))).toEqual([]);
    expect({ run: trigger.run.value, status: trigger.status.value }).toEqual({ run: undefined, status: "idle" });
  });

  it("stop() closes the run subscription", async () => {
    const accessToken = await triggerToken("progress");
    let trigger!: UseRealtimeTaskTriggerReturn;
    mount(() => ((trigger = useRealtimeTaskTrigger("progress", { accessToken, baseURL: dev.baseURL })), () => null));
    await trigger.submit({ steps: 50, delayMs: 200 });
    await until(() => expect(trigger.run.value?.status).toBe("EXECUTING"));
    trigger.stop();
    await until(() => expect(trigger.status.value).toBe("stopped"));
    await expectConnectionsToStayClosed(dev.server);
  });

  it("leaves no connection open after unmount", async () => {
    const accessToken = await triggerToken("progress");
    let trigger!: UseRealtimeTaskTriggerReturn;
    const view = mount(() => ((trigger = useRealtimeTaskTrigger("progress", { accessToken, baseURL: dev.baseURL })), () => null));
    await trigger.submit({ steps: 50, delayMs: 200 });
    await until(() => expect(trigger.run.value?.status).toBe("EXECUTING"));
    view.unmount();
    await expectConnectionsToStayClosed(dev.server);
  });
});
