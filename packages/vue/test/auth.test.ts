import { cleanup, render } from "@testing-library/vue";
import { afterEach, describe, expect, it } from "vitest";
import { createApp, defineComponent, effectScope, h, ref } from "vue";
import { recordingFetch, unique, useDevServer } from "@trigger-realtime/test-support";
import { TriggerRealtimePlugin, provideTriggerAuth, useRun, useRunsWithTag, useTaskTrigger, useTriggerAuth, type AuthOptions, type UseRunReturn } from "../src/index.js";
import { mount, until } from "./support.js";

const dev = useDevServer();
afterEach(() => cleanup());

const RunStatus = defineComponent({
  props: { runId: { type: String, required: true } },
  setup(props) {
    const { run, error } = useRun(() => props.runId);
    return () => h("p", { "data-testid": "status" }, error.value ? `error: ${error.value.message}` : (run.value?.status ?? "-"));
  },
});

describe("TriggerRealtimePlugin", () => {
  it("gives every composable in the app its token and base URL", async () => {
    const tag = unique("plugin");
    const controller = dev.server.createRun({ tags: [tag] });
    const accessToken = await dev.token(["read:all", "trigger:tasks:progress"]);
    let trigger!: ReturnType<typeof useTaskTrigger>;
    const view = mount(
      () => {
        const { run } = useRun(controller.id);
        const { runs } = useRunsWithTag(tag);
        trigger = useTaskTrigger("progress");
        return () => h("p", `${run.value?.id}:${runs.value.length}`);
      },
      { global: { plugins: [[TriggerRealtimePlugin, { accessToken, baseURL: dev.baseURL }]] } },
    );
    await until(() => expect(view.container.textContent).toBe(`${controller.id}:1`));
    const handle = await trigger.submit({ steps: 1, delayMs: 1 });
    expect(handle.id).toMatch(/^run_/);
  });

  it("resubscribes every composable when a ref token given to the plugin changes", async () => {
    const controller = dev.server.createRun({});
    const accessToken = ref(await dev.token(["read:runs:run_other"]));
    const view = render(RunStatus, {
      props: { runId: controller.id },
      global: { plugins: [[TriggerRealtimePlugin, { accessToken, baseURL: dev.baseURL }]] },
    });
    await until(() => expect(view.getByTestId("status").textContent).toMatch(/^error/));
    accessToken.value = dev.readToken;
    await until(() => expect(view.getByTestId("status").textContent).toBe("QUEUED"));
  });

  it("reaches an effectScope run inside app.runWithContext", async () => {
    const controller = dev.server.createRun({});
    const app = createApp({ render: () => null }).use(TriggerRealtimePlugin, { accessToken: dev.readToken, baseURL: dev.baseURL });
    const scope = effectScope();
    const result = app.runWithContext(() => scope.run(() => useRun(controller.id)))!;
    try {
      await until(() => expect(result.run.value?.status).toBe("QUEUED"));
    } finally {
      scope.stop();
    }
  });
});

describe("provideTriggerAuth", () => {
  it("gives a subtree its auth, as a getter that can change the token", async () => {
    const controller = dev.server.createRun({});
    const accessToken = ref<string | undefined>(undefined);
    const view = mount(() => {
      provideTriggerAuth(() => ({ accessToken: accessToken.value, baseURL: dev.baseURL }));
      return () => h(RunStatus, { runId: controller.id });
    });
    expect(view.getByTestId("status").textContent).toMatch(/^error: No access token/);
    accessToken.value = dev.readToken;
    await until(() => expect(view.getByTestId("status").textContent).toBe("QUEUED"));
  });

  it("lets per-call options win, field by field, and the nearest provider win over the plugin", async () => {
    const controller = dev.server.createRun({});
    const { fetch, urls } = recordingFetch();
    let result!: UseRunReturn;
    const Child = defineComponent({
      setup() {
        // The provided token could not read this run; its base URL and fetch are still used.
        result = useRun(controller.id, { accessToken: dev.readToken });
        return () => null;
      },
    });
    mount(
      () => {
        provideTriggerAuth({ accessToken: "not-a-token", baseURL: dev.baseURL, fetch });
        return () => h(Child);
      },
      { global: { plugins: [[TriggerRealtimePlugin, { accessToken: "plugin-token", baseURL: "http://127.0.0.1:9" }]] } },
    );
    await until(() => expect(result.run.value?.status).toBe("QUEUED"));
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((url) => url.startsWith(dev.baseURL))).toBe(true);
  });
});

describe("useTriggerAuth", () => {
  it("reads the provided auth as plain values, kept current, and {} without a provider", async () => {
    const accessToken = ref("first");
    let provided!: { value: AuthOptions };
    let none!: { value: AuthOptions };
    const Child = defineComponent({
      setup() {
        provided = useTriggerAuth();
        return () => h("p", provided.value.accessToken);
      },
    });
    const view = mount(() => {
      provideTriggerAuth({ accessToken, baseURL: "http://localhost:1" });
      return () => h(Child);
    });
    expect(provided.value).toEqual({ accessToken: "first", baseURL: "http://localhost:1" });
    accessToken.value = "second";
    await until(() => expect(view.container.textContent).toBe("second"));
    mount(() => ((none = useTriggerAuth()), () => null));
    expect(none.value).toEqual({});
    expect(effectScope().run(() => useTriggerAuth().value)).toEqual({});
  });
});
