import { streams } from "@trigger.dev/sdk";
import { createRoot } from "solid-js";
import { describe, expectTypeOf, it } from "vitest";
import { resizeImage, sendEmail } from "../../../tests/support/typed-tasks.js";
import {
  createBatch,
  createRealtimeTaskTrigger,
  createRun,
  createRunsWithTag,
  createRunWithStreams,
  createStream,
  createTaskTrigger,
  createWaitToken,
  type RunHandle,
  type SubscriptionStatus,
} from "../src/index.js";

// Types from real task definitions, as an app writes them: checked by vitest's typecheck (`pnpm test`).


const textStream = streams.define<string>({ id: "text" });

const off = { enabled: false } as const;

/** Runs `body` under an owner and disposes it. */
const inRoot = (body: () => void) => createRoot((dispose) => (body(), dispose()));

describe("primitive types from typeof task", () => {
  it("types the run of createRun", () =>
    inRoot(() => {
      const { run, error, stop, isLoading, status } = createRun<typeof resizeImage>("run_1", off);
      expectTypeOf(run()?.taskIdentifier).toEqualTypeOf<"resize-image" | undefined>();
      type Run = NonNullable<ReturnType<typeof run>>;
      expectTypeOf<Run["payload"]>().toEqualTypeOf<{ url: string; width: number }>();
      expectTypeOf<Run["output"]>().toEqualTypeOf<{ resizedUrl: string } | undefined>();
      expectTypeOf(error()).toEqualTypeOf<Error | undefined>();
      expectTypeOf(stop).toEqualTypeOf<() => void>();
      expectTypeOf(isLoading()).toEqualTypeOf<boolean>();
      expectTypeOf(status()).toEqualTypeOf<SubscriptionStatus>();
    }));

  it("narrows a union of tasks on taskIdentifier in a list", () =>
    inRoot(() => {
      const { runs } = createRunsWithTag<typeof resizeImage | typeof sendEmail>("user_1", off);
      const check = (run: ReturnType<typeof runs>[number]) => {
        if (run.taskIdentifier === "send-email") expectTypeOf(run.payload).toEqualTypeOf<{ to: string }>();
        else expectTypeOf(run.payload).toEqualTypeOf<{ url: string; width: number }>();
      };
      runs().forEach(check);
    }));

  it("types metadata with the second parameter and onComplete's run", () =>
    inRoot(() => {
      const { run } = createRun<typeof resizeImage, { progress: number }>(() => "run_1", {
        ...off,
        onComplete: (finished) => expectTypeOf(finished.output).toEqualTypeOf<{ resizedUrl: string } | undefined>(),
      });
      expectTypeOf(run()?.metadata).toEqualTypeOf<{ progress: number } | undefined>();
    }));

  it("types streams and batches", () =>
    inRoot(() => {
      const { streams: parts } = createRunWithStreams<typeof resizeImage, { text: string }>("run_1", off);
      expectTypeOf(parts().text).toEqualTypeOf<string[] | undefined>();
      const batch = createBatch<typeof sendEmail>("batch_1", off);
      expectTypeOf<ReturnType<typeof batch.runs>[number]["payload"]>().toEqualTypeOf<{ to: string }>();
      expectTypeOf(createStream<string>("run_1", "text", off).parts()).toEqualTypeOf<string[]>();
      expectTypeOf(createStream(textStream, "run_1", off).parts()).toEqualTypeOf<string[]>();
      expectTypeOf(createStream<number>(() => "run_1", () => off).parts()).toEqualTypeOf<number[]>();
    }));

  it("types triggers and wait tokens", () =>
    inRoot(() => {
      const trigger = createTaskTrigger<typeof resizeImage>("resize-image", off);
      expectTypeOf(trigger.submit).parameter(0).toEqualTypeOf<{ url: string; width: number }>();
      expectTypeOf(trigger.submit).returns.toEqualTypeOf<Promise<RunHandle<typeof resizeImage>>>();
      expectTypeOf(trigger.handle()?.taskIdentifier).toEqualTypeOf<"resize-image" | undefined>();
      // @ts-expect-error: the task id is typed from the task
      createTaskTrigger<typeof resizeImage>("resize", off);

      const realtime = createRealtimeTaskTrigger<typeof resizeImage, { text: string }>("resize-image", { ...off, withStreams: true });
      expectTypeOf(realtime.run()?.output).toEqualTypeOf<{ resizedUrl: string } | undefined>();
      expectTypeOf(realtime.streams().text).toEqualTypeOf<string[] | undefined>();

      const token = createWaitToken<{ approved: boolean }>("waitpoint_1", off);
      expectTypeOf(token.complete).parameter(0).toEqualTypeOf<{ approved: boolean }>();
      expectTypeOf(token.complete).returns.toEqualTypeOf<Promise<{ success: true }>>();
    }));
});
