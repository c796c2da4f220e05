import { sessions, streams, task } from "@trigger.dev/sdk";
import { ref } from "vue";
import { describe, expectTypeOf, it } from "vitest";
import { useInputStreamSend, useRunQuery, useSessionChannel, useSessionStream, type SessionControlEvent, type StreamPart } from "../src/index.js";

// Real definitions, as an app writes them; this file is only type-checked.

const steering = streams.input<{ type: "stop" } | { type: "redirect"; prompt: string }>({ id: "control" });
const screenshots = sessions.defineChannel<{ out: { url: string }; in: { capture: boolean } }, "screenshots">("screenshots");
const resizeImage = task({ id: "resize-image", run: async (payload: { url: string }) => ({ width: 640 }) });

describe("types of the Vue input stream, session and run query composables", () => {
  it("types what send takes, from a streams.input definition or a type argument", () => {
    const runId = ref<string>();
    expectTypeOf(useInputStreamSend(steering, runId).send).parameter(0).toEqualTypeOf<{ type: "stop" } | { type: "redirect"; prompt: string }>();
    expectTypeOf(useInputStreamSend<{ liked: boolean }>("feedback", () => runId.value).send).parameter(0).toEqualTypeOf<{ liked: boolean }>();
    expectTypeOf(useInputStreamSend("control", runId).isReady.value).toEqualTypeOf<boolean>();
  });

  it("types session records, callbacks and named channels", () => {
    const chat = useSessionStream<string>("chat-1", {
      io: ref<"in" | "out">("out"),
      onRecords: (records) => expectTypeOf(records).toEqualTypeOf<StreamPart<string>[]>(),
      onControl: (event) => expectTypeOf(event).toEqualTypeOf<SessionControlEvent>(),
    });
    expectTypeOf(chat.records.value).toEqualTypeOf<string[]>();
    expectTypeOf(useSessionChannel<typeof screenshots>("screenshots", { sessionId: "chat-1" }).records.value).toEqualTypeOf<{ url: string }[]>();
    expectTypeOf(useSessionChannel<typeof screenshots, "in">("screenshots", { sessionId: "chat-1", io: "in" }).records.value).toEqualTypeOf<{ capture: boolean }[]>();
    // @ts-expect-error: not the channel's name
    useSessionChannel<typeof screenshots>("thumbnails", { sessionId: "chat-1" });
  });

  it("types the retrieved run from typeof myTask", () => {
    const { run } = useRunQuery<typeof resizeImage>("run_1", { refreshInterval: 1000 });
    expectTypeOf(run.value?.payload).toEqualTypeOf<{ url: string } | undefined>();
    expectTypeOf(run.value?.output).toEqualTypeOf<{ width: number } | undefined>();
  });
});
