import { schemaTask, task } from "@trigger.dev/sdk";
import { describe, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import type { RealtimeClient } from "../src/client.js";
import { batchTrigger } from "../src/actions/batch-trigger.js";
import { taskTrigger } from "../src/actions/trigger.js";
import { waitToken } from "../src/actions/wait-token.js";
import type { TriggerState } from "../src/state.js";
import type { AnyRealtimeRun, RealtimeRun, RunHandle, TaskIdentifier, TaskOutput, TaskPayload } from "../src/types.js";

// Real task definitions, as an app would write them; this file is only type-checked.

const resizeImage = task({
  id: "resize-image",
  run: async (payload: { url: string; width: number }) => ({ resizedUrl: `${payload.url}?w=${payload.width}`, bytes: 1024 }),
});

const sendEmail = task({
  id: "send-email",
  run: async (payload: { to: string }) => {
    void payload;
  },
});

const summarize = schemaTask({
  id: "summarize",
  schema: z.object({ text: z.string(), maxWords: z.optional(z.number()) }),
  run: async (payload) => ({ summary: payload.text.slice(0, payload.maxWords ?? 10) }),
});

declare const client: RealtimeClient;

describe("task type inference", () => {
  it("infers identifier, payload and output from task()", () => {
    expectTypeOf<TaskIdentifier<typeof resizeImage>>().toEqualTypeOf<"resize-image">();
    expectTypeOf<TaskPayload<typeof resizeImage>>().toEqualTypeOf<{ url: string; width: number }>();
    expectTypeOf<TaskOutput<typeof resizeImage>>().toEqualTypeOf<{ resizedUrl: string; bytes: number }>();
    expectTypeOf<TaskOutput<typeof sendEmail>>().toEqualTypeOf<void>();
  });

  it("infers the schema's input and the output from schemaTask()", () => {
    expectTypeOf<TaskIdentifier<typeof summarize>>().toEqualTypeOf<"summarize">();
    expectTypeOf<TaskPayload<typeof summarize>>().toEqualTypeOf<{ text: string; maxWords?: number | undefined }>();
    expectTypeOf<TaskOutput<typeof summarize>>().toEqualTypeOf<{ summary: string }>();
  });

  it("types a run of one task", () => {
    type Run = RealtimeRun<typeof resizeImage>;
    expectTypeOf<Run["taskIdentifier"]>().toEqualTypeOf<"resize-image">();
    expectTypeOf<Run["payload"]>().toEqualTypeOf<{ url: string; width: number }>();
    expectTypeOf<Run["output"]>().toEqualTypeOf<{ resizedUrl: string; bytes: number } | undefined>();
    expectTypeOf<Run["createdAt"]>().toEqualTypeOf<Date>();
    expectTypeOf<Run["finishedAt"]>().toEqualTypeOf<Date | undefined>();
  });

  it("types metadata when asked", () => {
    type Run = RealtimeRun<typeof resizeImage, { progress: number }>;
    expectTypeOf<Run["metadata"]>().toEqualTypeOf<{ progress: number } | undefined>();
  });

  it("narrows a union of task runs on taskIdentifier", () => {
    const handle = (run: RealtimeRun<typeof resizeImage | typeof summarize | typeof sendEmail>) => {
      if (run.taskIdentifier === "resize-image") {
        expectTypeOf(run.payload).toEqualTypeOf<{ url: string; width: number }>();
        expectTypeOf(run.output).toEqualTypeOf<{ resizedUrl: string; bytes: number } | undefined>();
      } else if (run.taskIdentifier === "summarize") {
        expectTypeOf(run.payload).toEqualTypeOf<{ text: string; maxWords?: number | undefined }>();
        expectTypeOf(run.output).toEqualTypeOf<{ summary: string } | undefined>();
      } else {
        expectTypeOf(run.taskIdentifier).toEqualTypeOf<"send-email">();
        expectTypeOf(run.payload).toEqualTypeOf<{ to: string }>();
      }
    };
    void handle;
  });

  it("leaves untyped runs open", () => {
    expectTypeOf<AnyRealtimeRun["taskIdentifier"]>().toEqualTypeOf<string>();
    expectTypeOf<AnyRealtimeRun["payload"]>().toBeAny();
  });
});

describe("actions", () => {
  it("checks the payload of taskTrigger<typeof task>", () => {
    const trigger = taskTrigger<typeof resizeImage>(client, "resize-image");
    expectTypeOf(trigger.submit).parameter(0).toEqualTypeOf<{ url: string; width: number }>();
    expectTypeOf(trigger.submit({ url: "https://x/y.png", width: 100 })).resolves.toEqualTypeOf<RunHandle<typeof resizeImage>>();
    expectTypeOf(trigger.get()).toEqualTypeOf<TriggerState<typeof resizeImage>>();
    // @ts-expect-error the payload lacks `width`
    void trigger.submit({ url: "https://x/y.png" });
    // @ts-expect-error `width` must be a number
    void trigger.submit({ url: "https://x/y.png", width: "100" });
    void trigger.submit({ url: "u", width: 1 }, { tags: ["a"], idempotencyKey: "k", delay: new Date(), machine: "small-1x", version: "20250101.1" });
  });

  it("types the handle by task", () => {
    expectTypeOf<RunHandle<typeof summarize>["taskIdentifier"]>().toEqualTypeOf<"summarize">();
    expectTypeOf<RunHandle<typeof summarize>["publicAccessToken"]>().toEqualTypeOf<string>();
  });

  it("checks batch item payloads and wait-token outputs", () => {
    const batch = batchTrigger<typeof summarize>(client, "summarize");
    void batch.submit([{ payload: { text: "a" } }, { payload: { text: "b", maxWords: 3 }, options: { tags: "t" } }]);
    // @ts-expect-error `text` is required
    void batch.submit([{ payload: { maxWords: 3 } }]);

    const token = waitToken<{ approved: boolean }>(client, "waitpoint_1");
    expectTypeOf(token.complete({ approved: true })).resolves.toEqualTypeOf<{ success: true }>();
    // @ts-expect-error `approved` must be a boolean
    void token.complete({ approved: "yes" });
  });
});
