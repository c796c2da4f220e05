import { task } from "@trigger.dev/sdk";
import { describe, expectTypeOf, it } from "vitest";
import { effectScope } from "vue";
import { useRun, useTaskTrigger } from "../src/index.js";

const resize = task({ id: "resize", run: async (payload: { url: string }) => ({ width: 10 }) });
const email = task({ id: "email", run: async (payload: { to: string }) => "sent" });

describe("types from typeof task", () => {
  it("infer payload, output and identifier, and narrow unions", () => {
    effectScope().run(() => {
      const { run } = useRun<typeof resize>("run_x", { enabled: false });
      expectTypeOf(run.value!.payload).toEqualTypeOf<{ url: string }>();
      expectTypeOf(run.value!.output).toEqualTypeOf<{ width: number } | undefined>();
      expectTypeOf(run.value!.taskIdentifier).toEqualTypeOf<"resize">();
      const either = useRun<typeof resize | typeof email>("run_y", { enabled: false }).run.value!;
      if (either.taskIdentifier === "email") expectTypeOf(either.payload).toEqualTypeOf<{ to: string }>();
      const trigger = useTaskTrigger<typeof resize>("resize", { enabled: false });
      expectTypeOf(trigger.submit).parameter(0).toEqualTypeOf<{ url: string }>();
    });
  });
});
