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
      type Run = NonNullable<typeof run.value>;
      expectTypeOf<Run["payload"]>().toEqualTypeOf<{ url: string }>();
      expectTypeOf<Run["output"]>().toEqualTypeOf<{ width: number } | undefined>();
      expectTypeOf<Run["taskIdentifier"]>().toEqualTypeOf<"resize">();
      const either = useRun<typeof resize | typeof email>("run_y", { enabled: false }).run;
      type Either = NonNullable<typeof either.value>;
      expectTypeOf<Extract<Either, { taskIdentifier: "email" }>["payload"]>().toEqualTypeOf<{ to: string }>();
      const trigger = useTaskTrigger<typeof resize>("resize", { enabled: false });
      expectTypeOf(trigger.submit).parameter(0).toEqualTypeOf<{ url: string }>();
    });
  });
});
