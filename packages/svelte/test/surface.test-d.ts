import { sessions, streams, task } from "@trigger.dev/sdk";
import { describe, expectTypeOf, it } from "vitest";
import { inputStreamSendStore, runQueryStore, sessionChannelStore, sessionStreamStore, useInputStreamSend, useRunQuery, useSessionChannel, useSessionStream } from "../src/index.js";

// Real definitions, as an app writes them; this file is only type-checked.

const steering = streams.input<{ type: "stop" } | { type: "redirect"; prompt: string }>({ id: "control" });
const screenshots = sessions.defineChannel<{ out: { url: string }; in: { capture: boolean } }, "screenshots">("screenshots");
const resizeImage = task({ id: "resize-image", run: async (payload: { url: string }) => ({ width: 640 }) });

type Steering = { type: "stop" } | { type: "redirect"; prompt: string };

describe("types of the Svelte input stream, session and run query stores", () => {
  it("types what send takes, from a streams.input definition or a type argument", () => {
    expectTypeOf(inputStreamSendStore(steering, "run_1").send).parameter(0).toEqualTypeOf<Steering>();
    expectTypeOf(inputStreamSendStore<{ liked: boolean }>("feedback", "run_1").send).parameter(0).toEqualTypeOf<{ liked: boolean }>();
    expectTypeOf(useInputStreamSend(steering, () => "run_1").send).parameter(0).toEqualTypeOf<Steering>();
    expectTypeOf(useInputStreamSend<{ liked: boolean }>("feedback", () => undefined).current.isReady).toEqualTypeOf<boolean>();
  });

  it("types session records and named channels", () => {
    const chat = sessionStreamStore<string>("chat-1", { onRecords: (records) => expectTypeOf(records[0]!.chunk).toEqualTypeOf<string>() });
    chat.subscribe((state) => expectTypeOf(state.records).toEqualTypeOf<string[]>());
    expectTypeOf(useSessionStream<string>(() => "chat-1").current.records).toEqualTypeOf<string[]>();
    sessionChannelStore<typeof screenshots>("screenshots", { sessionId: "chat-1" }).subscribe((state) => expectTypeOf(state.records).toEqualTypeOf<{ url: string }[]>());
    expectTypeOf(useSessionChannel<typeof screenshots, "in">("screenshots", { sessionId: "chat-1", io: "in" }).current.records).toEqualTypeOf<{ capture: boolean }[]>();
    // @ts-expect-error: not the channel's name
    sessionChannelStore<typeof screenshots>("thumbnails", { sessionId: "chat-1" });
  });

  it("types the retrieved run from typeof myTask", () => {
    runQueryStore<typeof resizeImage>("run_1").subscribe((state) => expectTypeOf(state.run?.output).toEqualTypeOf<{ width: number } | undefined>());
    expectTypeOf(useRunQuery<typeof resizeImage>(() => "run_1").current.run?.payload).toEqualTypeOf<{ url: string } | undefined>();
  });
});
