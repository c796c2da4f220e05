// The README's example, minus the templates, so it keeps compiling as the API changes.
import { metadata, streams, task, wait } from "@trigger.dev/sdk";
import { describe, expectTypeOf, it } from "vitest";
import { computed, createApp, ref } from "vue";
import { TriggerRealtimePlugin, useRealtimeTaskTrigger, useRunWithStreams, useWaitToken } from "../src/index.js";

declare function summarise(document: string): AsyncIterable<string>;

const reviewTask = task({
  id: "review",
  run: async (payload: { document: string }) => {
    metadata.set("progress", 0);
    const { waitUntilComplete } = streams.pipe("text", summarise(payload.document));
    await waitUntilComplete();
    metadata.set("progress", 50);
    const token = await wait.createToken({ timeout: "1h" });
    metadata.set("waitpointId", token.id).set("waitpointToken", token.publicAccessToken);
    const answer = await wait.forToken<{ approved: boolean }>(token);
    metadata.set("progress", 100);
    return { approved: answer.ok && answer.output.approved };
  },
});

describe("README example", () => {
  it("ReviewPanel", () => {
    const props = { runId: "run_1", accessToken: "tr_pat" };
    const { run, streams: parts, error } = useRunWithStreams<typeof reviewTask, { text: string }>(() => props.runId, {
      accessToken: () => props.accessToken,
    });
    const progress = computed(() => Number(run.value?.metadata?.progress ?? 0));
    const text = computed(() => parts.value.text?.join("") ?? "");
    const { complete, isReady, isLoading: sending, isCompleted: answered, error: approvalError } = useWaitToken<{ approved: boolean }>(
      () => run.value?.metadata?.waitpointId as string | undefined,
      { accessToken: () => run.value?.metadata?.waitpointToken as string | undefined },
    );
    const waiting = computed(() => run.value?.status === "WAITING" && !answered.value);
    expectTypeOf(progress.value).toEqualTypeOf<number>();
    expectTypeOf(text.value).toEqualTypeOf<string>();
    expectTypeOf(waiting.value).toEqualTypeOf<boolean>();
    expectTypeOf(run.value!.output).toEqualTypeOf<{ approved: boolean } | undefined>();
    expectTypeOf(complete).parameter(0).toEqualTypeOf<{ approved: boolean }>();
    expectTypeOf([isReady.value, sending.value]).toEqualTypeOf<boolean[]>();
    expectTypeOf((error.value ?? approvalError.value)?.message).toEqualTypeOf<string | undefined>();
  });

  it("trigger from the browser", () => {
    const props = { triggerToken: "tr_pat" };
    const { submit, run, streams: parts, isLoading, error } = useRealtimeTaskTrigger<typeof reviewTask, { text: string }>("review", {
      accessToken: () => props.triggerToken,
      withStreams: true,
    });
    expectTypeOf(submit).parameter(0).toEqualTypeOf<{ document: string }>();
    expectTypeOf(Number(run.value?.metadata?.progress ?? 0)).toEqualTypeOf<number>();
    expectTypeOf(parts.value.text).toEqualTypeOf<string[] | undefined>();
    expectTypeOf([isLoading.value, error.value]).toEqualTypeOf<Array<boolean | Error | undefined>>();
  });

  it("app-wide auth", () => {
    const accessToken = ref("tr_pat");
    createApp({}).use(TriggerRealtimePlugin, { accessToken, baseURL: "https://api.trigger.dev" });
    // @ts-expect-error not an auth option
    createApp({}).use(TriggerRealtimePlugin, { token: accessToken });
  });
});
