import { streams } from "@trigger.dev/sdk";
import { get } from "svelte/store";
import { describe, expectTypeOf, it } from "vitest";
import { resizeImage, sendEmail } from "../../../tests/support/typed-tasks.js";
import {
  batchStore,
  realtimeTaskTrigger,
  runStore,
  runsWithTagStore,
  runWithStreamsStore,
  streamStore,
  taskTrigger,
  useRun,
  useStream,
  useTaskTrigger,
  waitToken,
  type RealtimeRun,
  type RunHandle,
  type SubscriptionStatus,
} from "../src/index.js";

// Types from real task definitions, as an app writes them: checked by vitest's typecheck (`pnpm test`).


const textStream = streams.define<string>({ id: "text" });

const off = { enabled: false } as const;

describe("store types from typeof task", () => {
  it("types $run of runStore", () => {
    const run = runStore<typeof resizeImage>("run_1", off);
    const state = get(run);
    expectTypeOf(state.run?.taskIdentifier).toEqualTypeOf<"resize-image" | undefined>();
    type Run = NonNullable<typeof state.run>;
    expectTypeOf<Run["payload"]>().toEqualTypeOf<{ url: string; width: number }>();
    expectTypeOf<Run["output"]>().toEqualTypeOf<{ resizedUrl: string } | undefined>();
    expectTypeOf(state.error).toEqualTypeOf<Error | undefined>();
    expectTypeOf(state.status).toEqualTypeOf<SubscriptionStatus>();
    expectTypeOf(run.stop).toEqualTypeOf<() => void>();
  });

  it("narrows a union of tasks on taskIdentifier in a list", () => {
    const runs = runsWithTagStore<typeof resizeImage | typeof sendEmail>("user_1", off);
    const check = (run: RealtimeRun<typeof resizeImage | typeof sendEmail>) => {
      if (run.taskIdentifier === "send-email") expectTypeOf(run.payload).toEqualTypeOf<{ to: string }>();
      else expectTypeOf(run.payload).toEqualTypeOf<{ url: string; width: number }>();
    };
    get(runs).runs.forEach(check);
    expectTypeOf(get(runs).runs).toEqualTypeOf<RealtimeRun<typeof resizeImage | typeof sendEmail>[]>();
  });

  it("types metadata, onComplete's run, streams and batches", () => {
    const run = runStore<typeof resizeImage, { progress: number }>("run_1", {
      ...off,
      onComplete: (finished) => expectTypeOf(finished.output).toEqualTypeOf<{ resizedUrl: string } | undefined>(),
    });
    expectTypeOf(get(run).run?.metadata).toEqualTypeOf<{ progress: number } | undefined>();
    expectTypeOf(get(runWithStreamsStore<typeof resizeImage, { text: string }>("run_1", off)).streams.text).toEqualTypeOf<string[] | undefined>();
    const batch = get(batchStore<typeof sendEmail>("batch_1", off));
    expectTypeOf<(typeof batch.runs)[number]["payload"]>().toEqualTypeOf<{ to: string }>();
    expectTypeOf(get(streamStore<string>("run_1", "text", off)).parts).toEqualTypeOf<string[]>();
    expectTypeOf(get(streamStore(textStream, "run_1", off)).parts).toEqualTypeOf<string[]>();
    expectTypeOf(get(streamStore<number>("run_1", off)).parts).toEqualTypeOf<number[]>();
  });

  it("types the actions' payloads and handles", () => {
    const trigger = taskTrigger<typeof resizeImage>("resize-image", off);
    expectTypeOf(trigger.submit).parameter(0).toEqualTypeOf<{ url: string; width: number }>();
    expectTypeOf(trigger.submit).returns.toEqualTypeOf<Promise<RunHandle<typeof resizeImage>>>();
    expectTypeOf(get(trigger).handle?.taskIdentifier).toEqualTypeOf<"resize-image" | undefined>();
    // @ts-expect-error: the task id must be the task's own.
    taskTrigger<typeof resizeImage>("send-email", off);
    const realtime = realtimeTaskTrigger<typeof sendEmail>("send-email", off);
    expectTypeOf(get(realtime).run?.output).toEqualTypeOf<{ delivered: boolean } | undefined>();
    const approval = waitToken<{ approved: boolean }>("waitpoint_1", off);
    expectTypeOf(approval.complete).parameter(0).toEqualTypeOf<{ approved: boolean }>();
    expectTypeOf(approval.complete).returns.toEqualTypeOf<Promise<{ success: true }>>();
  });

  it("types the runes helpers' current", () => {
    const run = useRun<typeof resizeImage>(() => "run_1", () => off);
    expectTypeOf(run.current.run?.payload).toEqualTypeOf<{ url: string; width: number } | undefined>();
    expectTypeOf(useStream(textStream, () => "run_1", off).current.parts).toEqualTypeOf<string[]>();
    expectTypeOf(useTaskTrigger<typeof sendEmail>("send-email", off).submit).parameter(0).toEqualTypeOf<{ to: string }>();
  });
});
