import { streams, task } from "@trigger.dev/sdk";
import { describe, expectTypeOf, it } from "vitest";
import { ref, type Ref } from "vue";
import {
  useBatch,
  useRealtimeTaskTrigger,
  useRun,
  useRunsWithTag,
  useRunWithStreams,
  useStream,
  useTaskTrigger,
  useWaitToken,
  type RealtimeRun,
  type RunHandle,
} from "../src/index.js";

const resize = task({ id: "resize", run: async (payload: { url: string }) => ({ width: 10 }) });
const email = task({ id: "email", run: async (payload: { to: string }) => "sent" });

describe("types from typeof task", () => {
  it("useRun infers payload, output and identifier, and a union narrows on taskIdentifier", () => {
    const { run } = useRun<typeof resize>("run_x");
    type Run = NonNullable<typeof run.value>;
    expectTypeOf<Run["payload"]>().toEqualTypeOf<{ url: string }>();
    expectTypeOf<Run["output"]>().toEqualTypeOf<{ width: number } | undefined>();
    expectTypeOf<Run["taskIdentifier"]>().toEqualTypeOf<"resize">();

    const either = useRun<typeof resize | typeof email>("run_y").run.value!;
    if (either.taskIdentifier === "email") expectTypeOf(either.payload).toEqualTypeOf<{ to: string }>();
    else expectTypeOf(either.payload).toEqualTypeOf<{ url: string }>();
  });

  it("results are read-only refs", () => {
    const { run, error, status, isLoading, stop } = useRun<typeof resize>("run_x");
    expectTypeOf(run).toEqualTypeOf<Readonly<Ref<RealtimeRun<typeof resize> | undefined>>>();
    expectTypeOf(error.value).toEqualTypeOf<Error | undefined>();
    expectTypeOf(status.value).toEqualTypeOf<"idle" | "connecting" | "live" | "complete" | "stopped" | "error">();
    expectTypeOf(isLoading.value).toEqualTypeOf<boolean>();
    expectTypeOf(stop).toEqualTypeOf<() => void>();
    // @ts-expect-error read-only
    run.value = undefined;
  });

  it("ids and options take values, refs and getters; callbacks get typed runs", () => {
    const id = ref<string | undefined>();
    const token = ref("tr_pat");
    useRun<typeof resize>(id, { accessToken: token, enabled: () => Boolean(id.value), skipColumns: ref(["payload" as const]) });
    useRun<typeof resize>(() => id.value, () => ({ accessToken: token.value }));
    useRun<typeof resize>("run_x", {
      onComplete: (run, error) => {
        expectTypeOf(run.output).toEqualTypeOf<{ width: number } | undefined>();
        expectTypeOf(error).toEqualTypeOf<Error | undefined>();
      },
    });
    useRunsWithTag<typeof email>(ref(["a", "b"]), { createdAt: "1h" });
    useBatch(() => "batch_1", { throttleInMs: 100 });
    // @ts-expect-error not an option
    useRun("run_x", { notAnOption: true });
  });

  it("useTaskTrigger and useRealtimeTaskTrigger type the task id, payload and handle", () => {
    const trigger = useTaskTrigger<typeof resize>("resize");
    expectTypeOf(trigger.submit).parameter(0).toEqualTypeOf<{ url: string }>();
    expectTypeOf(trigger.submit).returns.toEqualTypeOf<Promise<RunHandle<typeof resize>>>();
    // @ts-expect-error another task's id
    useTaskTrigger<typeof resize>("email");

    const realtime = useRealtimeTaskTrigger<typeof email, { text: string }>("email", { withStreams: true });
    expectTypeOf(realtime.run.value).toEqualTypeOf<RealtimeRun<typeof email> | undefined>();
    expectTypeOf(realtime.streams.value.text).toEqualTypeOf<string[] | undefined>();
  });

  it("streams: a defined stream infers its part type; keys and records take an explicit one", () => {
    const text = streams.define<string>({ id: "text" });
    expectTypeOf(useStream(text, "run_x").parts.value).toEqualTypeOf<string[]>();
    expectTypeOf(useStream<number>("run_x", "numbers").parts.value).toEqualTypeOf<number[]>();
    expectTypeOf(useStream<number>("run_x", { maxParts: 5, onData: (part) => expectTypeOf(part).toEqualTypeOf<number>() }).parts.value).toEqualTypeOf<number[]>();
    expectTypeOf(useRunWithStreams<typeof resize, { text: string }>("run_x").streams.value.text).toEqualTypeOf<string[] | undefined>();
  });

  it("useWaitToken types its output", () => {
    const token = useWaitToken<{ approved: boolean }>(() => undefined);
    expectTypeOf(token.complete).parameter(0).toEqualTypeOf<{ approved: boolean }>();
    expectTypeOf(token.complete).returns.toEqualTypeOf<Promise<{ success: true }>>();
  });
});
