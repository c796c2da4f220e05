import { afterEach, describe, expect, it, vi } from "vitest";
import {
  appendToSession,
  createChatSession,
  endChat,
  eventually,
  expectNoOpenConnections,
  finishedOutput,
  steerableRun,
  waitForState,
  type ChatSession,
} from "@trigger-realtime/test-support";
import {
  inputStreamSendHook,
  runQueryHook,
  sessionAppendHook,
  sessionChannelHook,
  sessionStreamHook,
  type InputStreamSendArgs,
  type SessionAppendArgs,
  type SessionStreamArgs,
} from "../src/adapter/index.js";
import { RealtimeError } from "../src/index.js";
import { useDevServerWithClients } from "./support/server.js";

// The resolvers of the input stream, session and run query hooks: which atom each call gets,
// and how the latest callbacks reach a session channel.

const dev = useDevServerWithClients();
const sessions: ChatSession[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  for (const session of sessions.splice(0)) endChat(dev, session);
  await expectNoOpenConnections(dev.server);
});

const chat = async () => {
  const session = await createChatSession(dev);
  sessions.push(session);
  return session;
};
const auth = (accessToken?: string) => ({ baseURL: dev.baseURL, accessToken });

describe("inputStreamSendHook", () => {
  const hook = inputStreamSendHook<{ type: "stop" }>();
  const key = (...args: InputStreamSendArgs) => hook.resolve(args, undefined).key;

  it("keys the action on the stream, the run and the client, never on object identity", () => {
    const base = key("control", "run_1", auth("tok_a"));
    expect(key("control", "run_1", { accessToken: "tok_a", baseURL: dev.baseURL })).toBe(base);
    expect(key({ id: "control" }, "run_1", auth("tok_a"))).toBe(base);
    expect(key("feedback", "run_1", auth("tok_a"))).not.toBe(base);
    expect(key("control", "run_2", auth("tok_a"))).not.toBe(base);
    expect(key("control", "run_1", auth("tok_b"))).not.toBe(base);
  });

  it("isReady needs a run id and a token; without a token the error says so, unless enabled is false", async () => {
    const noRun = hook.resolve(["control", undefined, auth(dev.server.secretKey)], undefined).create();
    expect(noRun.get()).toEqual({ isReady: false, isLoading: false, error: undefined });
    await expect(noRun.send({ type: "stop" })).rejects.toMatchObject({ code: "bad_request" });

    const noToken = hook.resolve(["control", "run_1", auth()], undefined).create();
    expect(noToken.get()).toMatchObject({ isReady: false, error: expect.any(RealtimeError) });
    await expect(noToken.send({ type: "stop" })).rejects.toMatchObject({ code: "unauthorized" });

    const disabled = hook.resolve(["control", "run_1", { ...auth(), enabled: false }], undefined).create();
    expect(disabled.get()).toEqual({ isReady: false, isLoading: false, error: undefined });
  });

  it("takes the token from the framework's auth, the call's values winning", async () => {
    const run = await steerableRun(dev);
    const send = hook.resolve(["control", run.id, { baseURL: dev.baseURL }], { accessToken: run.token, baseURL: "http://127.0.0.1:1" }).create();
    expect(send.get().isReady).toBe(true);
    await expect(send.send({ type: "stop" })).resolves.toEqual({ ok: true });
    expect((await finishedOutput(dev, run.id)).stopped).toBe(true);
  });
});

describe("sessionAppendHook", () => {
  const hook = sessionAppendHook<string>();
  const key = (...args: SessionAppendArgs) => hook.resolve(args, undefined).key;

  it("keys the action on the session, the channel and the client, never on object identity", () => {
    const base = key("chat-1", auth("tok_a"));
    expect(key("chat-1", { accessToken: "tok_a", baseURL: dev.baseURL })).toBe(base);
    expect(key("chat-2", auth("tok_a"))).not.toBe(base);
    expect(key("chat-1", { ...auth("tok_a"), channel: "notes" })).not.toBe(base);
    expect(key("chat-1", auth("tok_b"))).not.toBe(base);
  });

  it("isReady needs a session and a token; takes the token from the framework's auth", async () => {
    expect(hook.resolve([undefined, auth("tok")], undefined).create().get()).toEqual({ isReady: false, isLoading: false, error: undefined });
    const noToken = hook.resolve(["chat-1", auth()], undefined).create();
    await expect(noToken.send("hi")).rejects.toMatchObject({ code: "unauthorized" });
    expect(hook.resolve(["chat-1", { ...auth(), enabled: false }], undefined).create().get()).toEqual({ isReady: false, isLoading: false, error: undefined });

    const session = await chat();
    const append = hook.resolve([session.externalId, { baseURL: dev.baseURL }], { accessToken: session.token, baseURL: "http://127.0.0.1:1" }).create();
    expect(append.get().isReady).toBe(true);
    await expect(append.send("/end")).resolves.toEqual({ ok: true });
    await eventually(() => dev.server.getRun(session.runId)?.completedAt, 15_000, "the chat to end");
  });
});

describe("sessionStreamHook", () => {
  it("keys the store on what is read, not on callbacks or `id`; idle without a session or when disabled; an error without a token", () => {
    const hook = sessionStreamHook(() => [undefined]);
    const key = (...args: SessionStreamArgs) => hook.resolve(args, undefined).key;
    const base = key("chat-1", { ...auth("tok"), from: "latest" });
    expect(key("chat-1", { ...auth("tok"), from: "latest", id: "x", onRecords: () => {}, onControl: () => {} })).toBe(base);
    expect(key("chat-1", { ...auth("tok"), from: "latest", io: "in" })).not.toBe(base);
    expect(key("chat-1", { ...auth("tok"), from: "latest", experimental_throttleInMs: 50 })).toBe(key("chat-1", { ...auth("tok"), from: "latest", throttleInMs: 50 }));
    expect(hook.resolve([undefined, auth("tok")], undefined).create().get()).toMatchObject({ status: "idle", isLoading: false, records: [] });
    expect(hook.resolve(["chat-1", { ...auth(), enabled: false }], undefined).create().get()).toMatchObject({ status: "idle", error: undefined });
    expect(hook.resolve(["chat-1", auth()], undefined).create().get()).toMatchObject({ status: "error", error: { code: "unauthorized" } });
  });

  it("calls the latest onRecords and onControl while attached, and none after detach", async () => {
    const session = await chat();
    const first = { onControl: vi.fn() };
    const latest = { onControl: vi.fn(), onRecords: vi.fn() };
    let args: SessionStreamArgs<string> = [session.externalId, { ...auth(session.token), ...first }];
    const hook = sessionStreamHook<string>(() => args);
    const store = hook.resolve(args, undefined).create();
    cleanups.push(store.listen(() => {}));
    const detach = hook.attach(store);
    args = [session.externalId, { ...auth(session.token), ...latest }];
    expect(hook.resolve(args, undefined).create()).toBe(store);

    await appendToSession(dev, session.externalId, "in", "hello", session.token);
    const state = await waitForState(store, (s) => s.lastControl?.subtype === "turn-complete");
    expect(state.records.join("")).toBe("You said: hello");
    await eventually(() => latest.onControl.mock.calls.length === 1, 5_000, "onControl");
    expect(latest.onControl.mock.calls[0]![0]).toMatchObject({ subtype: "turn-complete" });
    expect(latest.onRecords.mock.calls.flat(2).map((part: { id: string }) => part.id)).toContain(state.lastEventId);
    expect(first.onControl).not.toHaveBeenCalled();

    detach();
    await appendToSession(dev, session.externalId, "in", "again", session.token);
    await waitForState(store, (s) => s.records.join("").endsWith("You said: again"));
    await eventually(() => store.get().lastControl?.seqNum !== state.lastControl!.seqNum, 5_000, "the second turn");
    expect(latest.onControl).toHaveBeenCalledTimes(1);
  });

  it("sessionChannelHook reads a named channel of `options.sessionId`", async () => {
    const session = await chat();
    await appendToSession(dev, session.id, "channels/progress/in", "step 1");
    const hook = sessionChannelHook<string>(() => ["progress"]);
    expect(hook.resolve(["progress", auth(session.token)], undefined).create().get().status).toBe("idle");
    const store = hook.resolve(["progress", { ...auth(session.token), sessionId: session.id, io: "in" }], undefined).create();
    expect((await waitForState(store, (s) => s.records.length === 1)).records).toEqual(["step 1"]);
  });
});

describe("runQueryHook", () => {
  it("fetches the run over the management API; idle without an id or when disabled; an error without a token", async () => {
    const hook = runQueryHook();
    const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { photo: "cat.png" } });
    controller.start();
    controller.complete({ url: "cat-small.png" });
    const store = hook.resolve([controller.id, auth(dev.readToken)], undefined).create();
    const state = await waitForState(store, (s) => s.status === "complete");
    expect(state).toMatchObject({ isLoading: false, isError: false, run: { id: controller.id, status: "COMPLETED", output: { url: "cat-small.png" } } });
    expect(hook.resolve([controller.id, { ...auth(dev.readToken), refreshInterval: 500 }], undefined).key).not.toBe(store.key);
    expect(hook.resolve([undefined, auth(dev.readToken)], undefined).create().get()).toMatchObject({ status: "idle", isLoading: false, run: undefined });
    expect(hook.resolve([controller.id, { enabled: false }], undefined).create().get()).toMatchObject({ status: "idle", error: undefined });
    expect(hook.resolve([controller.id, auth()], undefined).create().get()).toMatchObject({ status: "error", error: { code: "unauthorized" } });
  });
});
