import { streams } from "@trigger.dev/sdk";
import { describe, expectTypeOf, it } from "vitest";
import { resizeImage, sendEmail } from "../../../tests/support/typed-tasks.js";
import {
  useRealtimeBatch,
  useRealtimeRun,
  useRealtimeRunsWithTag,
  useRealtimeRunWithStreams,
  useRealtimeStream,
  useRealtimeTaskTrigger,
  useRealtimeTaskTriggerWithStreams,
  useTaskTrigger,
  useWaitToken,
  type RunHandle,
  type SubscriptionStatus,
} from "../src/index.js";

// Real task definitions, as an app writes them; this file is only type-checked.

const textStream = streams.define<string>({ id: "text" });


describe("hook types from typeof task", () => {
  it("types the run of useRealtimeRun", () => {
    const { run, error, stop, isLoading, status } = useRealtimeRun<typeof resizeImage>("run_1");
    expectTypeOf(run?.taskIdentifier).toEqualTypeOf<"resize-image" | undefined>();
    expectTypeOf(run!.payload).toEqualTypeOf<{ url: string; width: number }>();
    expectTypeOf(run!.output).toEqualTypeOf<{ resizedUrl: string } | undefined>();
    expectTypeOf(error).toEqualTypeOf<Error | undefined>();
    expectTypeOf(stop).toEqualTypeOf<() => void>();
    expectTypeOf(isLoading).toEqualTypeOf<boolean>();
    expectTypeOf(status).toEqualTypeOf<SubscriptionStatus>();
  });

  it("narrows a union of tasks on taskIdentifier", () => {
    const { runs } = useRealtimeRunsWithTag<typeof resizeImage | typeof sendEmail>("user_1");
    const run = runs[0]!;
    if (run.taskIdentifier === "send-email") expectTypeOf(run.payload).toEqualTypeOf<{ to: string }>();
    else expectTypeOf(run.payload).toEqualTypeOf<{ url: string; width: number }>();
  });

  it("types metadata with the second parameter and onComplete's run", () => {
    const { run } = useRealtimeRun<typeof resizeImage, { progress: number }>("run_1", {
      onComplete: (finished) => expectTypeOf(finished.output).toEqualTypeOf<{ resizedUrl: string } | undefined>(),
    });
    expectTypeOf(run?.metadata).toEqualTypeOf<{ progress: number } | undefined>();
  });

  it("types streams and batches", () => {
    const { streams: parts } = useRealtimeRunWithStreams<typeof resizeImage, { text: string }>("run_1");
    expectTypeOf(parts.text).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(useRealtimeBatch<typeof sendEmail>("batch_1").runs[0]!.payload).toEqualTypeOf<{ to: string }>();
  });

  it("infers the part type of a defined stream, or takes it as a parameter", () => {
    expectTypeOf(useRealtimeStream(textStream, "run_1").parts).toEqualTypeOf<string[]>();
    expectTypeOf(useRealtimeStream<number>("run_1", "numbers").parts).toEqualTypeOf<number[]>();
    expectTypeOf(useRealtimeStream<number>("run_1", { maxParts: 5 }).lastEventId).toEqualTypeOf<string | undefined>();
    useRealtimeStream(textStream, "run_1", { onData: (part) => expectTypeOf(part).toEqualTypeOf<string>() });
  });

  it("checks the task id and payload of the trigger hooks, and submit is awaitable", () => {
    const { submit, handle } = useTaskTrigger<typeof resizeImage>("resize-image");
    expectTypeOf(submit({ url: "a", width: 1 })).toEqualTypeOf<Promise<RunHandle<typeof resizeImage>>>();
    expectTypeOf(handle?.id).toEqualTypeOf<string | undefined>();
    // @ts-expect-error wrong task id
    useTaskTrigger<typeof resizeImage>("send-email");
    // @ts-expect-error wrong payload
    void submit({ url: "a" });

    const realtime = useRealtimeTaskTrigger<typeof resizeImage>("resize-image", { experimental_throttleInMs: 50 });
    expectTypeOf(realtime.run?.output).toEqualTypeOf<{ resizedUrl: string } | undefined>();
    const withStreams = useRealtimeTaskTriggerWithStreams<typeof resizeImage, { text: string }>("resize-image");
    expectTypeOf(withStreams.streams.text).toEqualTypeOf<string[] | undefined>();
  });

  it("types the wait token output", () => {
    const { complete, isReady } = useWaitToken<{ approved: boolean }>("waitpoint_1");
    expectTypeOf(complete({ approved: true })).toEqualTypeOf<Promise<{ success: true }>>();
    // @ts-expect-error wrong output
    void complete({ approved: "yes" });
    expectTypeOf(isReady).toEqualTypeOf<boolean>();
  });
});
