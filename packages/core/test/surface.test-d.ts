import { describe, expectTypeOf, it } from "vitest";
import type { RealtimeClient } from "../src/client.js";
import {
  fetchRun,
  inputStreamSend,
  runQuery,
  sessionStream,
  type RetrievedRun,
  type SessionControlEvent,
  type StreamPart,
} from "../src/index.js";

// Only type-checked.

declare const client: RealtimeClient;

describe("types of input streams, sessions and run queries", () => {
  it("types what inputStreamSend sends", () => {
    const store = inputStreamSend<{ type: "stop" } | { type: "redirect"; prompt: string }>(client, "control", "run_1");
    expectTypeOf(store.send).parameter(0).toEqualTypeOf<{ type: "stop" } | { type: "redirect"; prompt: string }>();
    expectTypeOf(store.send({ type: "stop" })).resolves.toEqualTypeOf<{ ok: true }>();
    expectTypeOf(store.get().isReady).toEqualTypeOf<boolean>();
    // @ts-expect-error: not a steering message
    void store.send({ type: "pause" });
  });

  it("types a session channel's records and callbacks", () => {
    const store = sessionStream<{ delta: string }>(client, "chat-1", {
      io: "out",
      onRecords: (records) => expectTypeOf(records).toEqualTypeOf<StreamPart<{ delta: string }>[]>(),
      onControl: (event) => expectTypeOf(event).toEqualTypeOf<SessionControlEvent>(),
    });
    expectTypeOf(store.get().records).toEqualTypeOf<{ delta: string }[]>();
    expectTypeOf(store.get().lastControl).toEqualTypeOf<SessionControlEvent | undefined>();
    // @ts-expect-error: a channel is "in" or "out"
    sessionStream(client, "chat-1", { io: "sideways" });
  });

  it("types the retrieved run's payload and output", () => {
    expectTypeOf(fetchRun<{ url: string }, { bytes: number }>(client, "run_1")).resolves.toEqualTypeOf<RetrievedRun<{ url: string }, { bytes: number }>>();
    const store = runQuery<{ url: string }, { bytes: number }>(client, "run_1", { refreshInterval: 1000 });
    expectTypeOf(store.get().run?.output).toEqualTypeOf<{ bytes: number } | undefined>();
    expectTypeOf(store.get().run?.createdAt).toEqualTypeOf<Date | undefined>();
    expectTypeOf(store.refresh()).resolves.toBeVoid();
  });
});
