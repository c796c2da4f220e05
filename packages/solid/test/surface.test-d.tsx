import { sessions, streams, task } from "@trigger.dev/sdk";
import { describe, expectTypeOf, it } from "vitest";
import { createInputStreamSend, createRunQuery, createSessionChannel, createSessionStream, type SessionControlEvent } from "../src/index.js";

// Real definitions, as an app writes them; this file is only type-checked.

const steering = streams.input<{ type: "stop" } | { type: "redirect"; prompt: string }>({ id: "control" });
const screenshots = sessions.defineChannel<{ out: { url: string }; in: { capture: boolean } }, "screenshots">("screenshots");
const resizeImage = task({ id: "resize-image", run: async (payload: { url: string }) => ({ width: 640 }) });

describe("types of the Solid input stream, session and run query primitives", () => {
  it("types what send takes, from a streams.input definition or a type argument", () => {
    expectTypeOf(createInputStreamSend(steering, () => "run_1").send).parameter(0).toEqualTypeOf<{ type: "stop" } | { type: "redirect"; prompt: string }>();
    expectTypeOf(createInputStreamSend<{ liked: boolean }>("feedback", undefined).send).parameter(0).toEqualTypeOf<{ liked: boolean }>();
  });

  it("types session records and named channels", () => {
    const chat = createSessionStream<string>("chat-1", { onControl: (event) => expectTypeOf(event).toEqualTypeOf<SessionControlEvent>() });
    expectTypeOf(chat.records()).toEqualTypeOf<string[]>();
    expectTypeOf(createSessionChannel<typeof screenshots>("screenshots", { sessionId: "chat-1" }).records()).toEqualTypeOf<{ url: string }[]>();
    expectTypeOf(createSessionChannel<typeof screenshots, "in">("screenshots", () => ({ sessionId: "chat-1", io: "in" as const })).records()).toEqualTypeOf<{ capture: boolean }[]>();
    // @ts-expect-error: not the channel's name
    createSessionChannel<typeof screenshots>("thumbnails", { sessionId: "chat-1" });
  });

  it("types the retrieved run from typeof myTask", () => {
    expectTypeOf(createRunQuery<typeof resizeImage>("run_1").run()?.output).toEqualTypeOf<{ width: number } | undefined>();
  });
});
