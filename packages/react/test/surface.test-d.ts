import { sessions, streams, task } from "@trigger.dev/sdk";
import { describe, expectTypeOf, it } from "vitest";
import { useInputStreamSend, useRun, useSessionStream, useSessionStreamChannel, type SessionControlEvent, type StreamPart } from "../src/index.js";

// Real definitions, as an app writes them; this file is only type-checked.

const steering = streams.input<{ type: "stop" } | { type: "redirect"; prompt: string }>({ id: "control" });
const screenshots = sessions.defineChannel<{ out: { url: string }; in: { capture: boolean } }, "screenshots">("screenshots");
const resizeImage = task({
  id: "resize-image",
  run: async (payload: { url: string; width: number }) => ({ resizedUrl: `${payload.url}?w=${payload.width}` }),
});

describe("types of useInputStreamSend, useSessionStream, useSessionStreamChannel, useRun", () => {
  it("types what useInputStreamSend sends, from a streams.input definition or a type argument", () => {
    const fromDefinition = useInputStreamSend(steering, "run_1", { accessToken: "tok" });
    expectTypeOf(fromDefinition.send).parameter(0).toEqualTypeOf<{ type: "stop" } | { type: "redirect"; prompt: string }>();
    // @ts-expect-error: not a steering message
    void fromDefinition.send({ type: "pause" });
    const byId = useInputStreamSend<{ liked: boolean }>("feedback", undefined);
    expectTypeOf(byId.send).parameter(0).toEqualTypeOf<{ liked: boolean }>();
    expectTypeOf(byId).toMatchTypeOf<{ isLoading: boolean; isReady: boolean; error?: Error }>();
  });

  it("types a session's records and callbacks", () => {
    const chat = useSessionStream<string>("chat-1", {
      io: "out",
      onRecords: (records) => expectTypeOf(records).toEqualTypeOf<StreamPart<string>[]>(),
      onControl: (event) => expectTypeOf(event).toEqualTypeOf<SessionControlEvent>(),
    });
    expectTypeOf(chat.records).toEqualTypeOf<string[]>();
    expectTypeOf(chat.lastEventId).toEqualTypeOf<string | undefined>();
    expectTypeOf(chat.stop).toEqualTypeOf<() => void>();
    // @ts-expect-error: a channel is "in" or "out"
    useSessionStream("chat-1", { io: "sideways" });
  });

  it("types a named channel from defineSessionChannel: its name and each side's records", () => {
    const out = useSessionStreamChannel<typeof screenshots>("screenshots", { sessionId: "chat-1", from: "latest", maxRecords: 1 });
    expectTypeOf(out.records).toEqualTypeOf<{ url: string }[]>();
    const inbound = useSessionStreamChannel<typeof screenshots, "in">("screenshots", { sessionId: "chat-1", io: "in" });
    expectTypeOf(inbound.records).toEqualTypeOf<{ capture: boolean }[]>();
    // @ts-expect-error: not the channel's name
    useSessionStreamChannel<typeof screenshots>("thumbnails", { sessionId: "chat-1" });
    expectTypeOf(useSessionStreamChannel("anything", { sessionId: "chat-1" }).records).toEqualTypeOf<unknown[]>();
  });

  it("types useRun's run from typeof myTask", () => {
    const { run, isValidating, isError } = useRun<typeof resizeImage>("run_1", { refreshInterval: 1000 });
    expectTypeOf(run?.payload).toEqualTypeOf<{ url: string; width: number } | undefined>();
    expectTypeOf(run?.output).toEqualTypeOf<{ resizedUrl: string } | undefined>();
    expectTypeOf(run?.createdAt).toEqualTypeOf<Date | undefined>();
    expectTypeOf(isValidating).toEqualTypeOf<boolean>();
    expectTypeOf(isError).toEqualTypeOf<boolean>();
  });
});
