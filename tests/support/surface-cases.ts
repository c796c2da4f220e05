// Input streams, session channels and the run query, as every adapter must show them: one table
// of cases, run against each adapter's driver (the `mount` of its adapter-cases test).
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Mounted } from "./adapter-cases.js";
import type { DevServerFixture } from "./dev-server.js";
import { appendToSession, createChatSession, endChat, finishedOutput, steerableRun, type ChatSession } from "./surface.js";

interface SendView {
  send(data: unknown): Promise<unknown>;
  isLoading: boolean;
  isReady: boolean;
  error?: Error;
}

interface SessionView {
  records: unknown[];
  lastEventId: string | undefined;
  lastControl: { subtype: string; seqNum: number } | undefined;
  error: Error | undefined;
  status: string;
  stop(): void;
}

interface RunQueryView {
  run: { id: string; status: string; output?: unknown } | undefined;
  error: Error | undefined;
  isLoading: boolean;
  isValidating: boolean;
  isError: boolean;
}

/** An adapter's binding of each capability, by the cases' names for them. */
export interface SurfaceHooks {
  inputStreamSend: (...args: any[]) => any;
  sessionAppend: (...args: any[]) => any;
  sessionStream: (...args: any[]) => any;
  sessionChannel: (...args: any[]) => any;
  runQuery: (...args: any[]) => any;
}

type Mount = (use: (...args: any[]) => any, args: any[]) => Mounted<any, any>;

const settle = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000, interval: 20 });

/** Registers the shared cases for an adapter's `hooks`, mounted with `mount`. */
export function surfaceCases(name: string, mount: Mount, hooks: SurfaceHooks, dev: DevServerFixture, waitFor: (assertion: () => void) => Promise<unknown> = settle): void {
  const mounted: Mounted<any, any>[] = [];
  const sessions: ChatSession[] = [];
  const track = <V>(use: (...args: any[]) => any, ...args: any[]): Mounted<V, any[]> => {
    const mount$ = mount(use, args);
    mounted.push(mount$);
    return mount$;
  };
  const chat = async () => {
    const session = await createChatSession(dev);
    sessions.push(session);
    return session;
  };
  const text = (view: SessionView) => view.records.join("");

  describe(`${name}: input streams, sessions and the run query`, () => {
    afterEach(() => {
      mounted.splice(0).forEach((mount$) => mount$.unmount());
      sessions.splice(0).forEach((session) => endChat(dev, session));
    });

    it("input stream send: isReady once a run id and a token are given; send reaches the running task", async () => {
      const run = await steerableRun(dev);
      const sender = track<SendView>(hooks.inputStreamSend, "control", undefined, { baseURL: dev.baseURL, accessToken: run.token });
      expect(sender.current()).toMatchObject({ isReady: false, isLoading: false, error: undefined });
      await expect(sender.current().send({ type: "stop" })).rejects.toMatchObject({ code: "bad_request" });

      sender.update("control", run.id, { baseURL: dev.baseURL });
      await waitFor(() => expect(sender.current()).toMatchObject({ isReady: false, error: { code: "unauthorized" } }));
      sender.update("control", run.id, { baseURL: dev.baseURL, enabled: false });
      await waitFor(() => expect(sender.current()).toMatchObject({ isReady: false, error: undefined }));

      // A `streams.input()` definition names the same stream as its id.
      sender.update({ id: "control" }, run.id, { baseURL: dev.baseURL, accessToken: run.token });
      await waitFor(() => expect(sender.current()).toMatchObject({ isReady: true, error: undefined }));
      await expect(sender.current().send({ type: "stop" })).resolves.toEqual({ ok: true });
      await waitFor(() => expect(sender.current().isLoading).toBe(false));
      expect((await finishedOutput(dev, run.id)).stopped).toBe(true);
    });

    it("session append: isReady once a session and a token are given; the message reaches the session's task", async () => {
      const session = await chat();
      const appender = track<SendView>(hooks.sessionAppend, undefined, { baseURL: dev.baseURL, accessToken: session.token });
      expect(appender.current()).toMatchObject({ isReady: false, isLoading: false, error: undefined });
      await expect(appender.current().send("hello")).rejects.toMatchObject({ code: "bad_request" });

      appender.update(session.externalId, { baseURL: dev.baseURL });
      await waitFor(() => expect(appender.current()).toMatchObject({ isReady: false, error: { code: "unauthorized" } }));
      appender.update(session.externalId, { baseURL: dev.baseURL, accessToken: session.token });
      await waitFor(() => expect(appender.current()).toMatchObject({ isReady: true, error: undefined }));
      await expect(appender.current().send("hello")).resolves.toEqual({ ok: true });
      await waitFor(() => expect(appender.current().isLoading).toBe(false));
      const out = track<SessionView>(hooks.sessionStream, session.externalId, { baseURL: dev.baseURL, accessToken: session.token });
      await waitFor(() => expect(out.current().lastControl?.subtype).toBe("turn-complete"));
      expect(text(out.current())).toBe("You said: hello");

      // `channel` appends to a named side channel instead (anything but a string as JSON text).
      appender.update(session.externalId, { baseURL: dev.baseURL, accessToken: session.token, channel: "notes" });
      await waitFor(() => expect(appender.current()).toMatchObject({ isReady: true, error: undefined }));
      await appender.current().send({ note: 1 });
      const notes = track<SessionView>(hooks.sessionChannel, "notes", { baseURL: dev.baseURL, accessToken: session.token, sessionId: session.id, io: "in" });
      await waitFor(() => expect(notes.current().records).toEqual(['{"note":1}']));
    });

    it("session stream: data records apart from control ones, the latest onRecords and onControl, the resume cursor", async () => {
      const session = await chat();
      const first = vi.fn();
      const onControl = vi.fn();
      const onRecords = vi.fn();
      const options = { baseURL: dev.baseURL, accessToken: session.token };
      const out = track<SessionView>(hooks.sessionStream, session.externalId, { ...options, onControl: first });
      out.update(session.externalId, { ...options, onControl, onRecords, id: "any" });
      await appendToSession(dev, session.externalId, "in", "hello", session.token);
      await waitFor(() => expect(out.current().lastControl?.subtype).toBe("turn-complete"));
      const view = out.current();
      expect(text(view)).toBe("You said: hello");
      expect(view).toMatchObject({ status: "live", error: undefined, lastEventId: String(view.records.length) });
      await waitFor(() => expect(onControl).toHaveBeenCalledTimes(1));
      expect(onControl.mock.calls[0]![0]).toMatchObject({ subtype: "turn-complete", seqNum: view.records.length });
      expect(first).not.toHaveBeenCalled();
      const seen = onRecords.mock.calls.flatMap(([records]) => records as { id: string }[]);
      expect(seen.map((record) => record.id).at(-1)).toBe(view.lastEventId);

      // Resuming after the cursor of the first record gives the rest of the turn.
      const resumed = track<SessionView>(hooks.sessionStream, session.externalId, { ...options, lastEventId: 0 });
      await waitFor(() => expect(resumed.current().lastControl?.subtype).toBe("turn-complete"));
      expect(resumed.current().records).toEqual(view.records.slice(1));

      out.current().stop();
      await waitFor(() => expect(out.current().status).toBe("stopped"));
      expect(text(out.current())).toBe("You said: hello");
    });

    it("session stream: io, from, maxRecords, timeoutInSeconds, throttleInMs; idle without a session or when disabled", async () => {
      const session = await chat();
      const options = { baseURL: dev.baseURL, accessToken: session.token };
      await appendToSession(dev, session.id, "out", "a");
      await appendToSession(dev, session.id, "out", "b");
      const latest = track<SessionView>(hooks.sessionStream, session.id, { ...options, from: "latest", maxRecords: 1, throttleInMs: 5 });
      await waitFor(() => expect(latest.current().records).toEqual(["b"]));
      await appendToSession(dev, session.id, "out", "c");
      await waitFor(() => expect(latest.current().records).toEqual(["c"]));

      await appendToSession(dev, session.id, "in", "/end", session.token);
      const inbound = track<SessionView>(hooks.sessionStream, session.id, { ...options, io: "in", timeoutInSeconds: 1 });
      await waitFor(() => expect(inbound.current()).toMatchObject({ records: ["/end"], status: "complete" }));

      const none = track<SessionView>(hooks.sessionStream, undefined, options);
      const disabled = track<SessionView>(hooks.sessionStream, session.id, { ...options, enabled: false });
      const noToken = track<SessionView>(hooks.sessionStream, session.id, { baseURL: dev.baseURL });
      expect(none.current()).toMatchObject({ status: "idle", records: [], error: undefined });
      expect(disabled.current()).toMatchObject({ status: "idle", records: [], error: undefined });
      expect(noToken.current().error).toMatchObject({ code: "unauthorized" });
    });

    it("session channel: one side of a named channel of `sessionId`, waiting for the id", async () => {
      const session = await chat();
      await appendToSession(dev, session.id, "channels/progress/in", "step 1");
      const onRecords = vi.fn();
      const channel = track<SessionView>(hooks.sessionChannel, "progress", { baseURL: dev.baseURL, accessToken: session.token, io: "in" });
      expect(channel.current()).toMatchObject({ status: "idle", records: [] });
      channel.update("progress", { baseURL: dev.baseURL, accessToken: session.token, io: "in", sessionId: session.id, onRecords });
      await waitFor(() => expect(channel.current().records).toEqual(["step 1"]));
      await waitFor(() => expect(onRecords).toHaveBeenCalled());
      const out = track<SessionView>(hooks.sessionChannel, "progress", { baseURL: dev.baseURL, accessToken: session.token, sessionId: session.id, timeoutInSeconds: 1 });
      await waitFor(() => expect(out.current()).toMatchObject({ status: "complete", records: [] }));
    });

    it("run query: the run over the management API, polled every refreshInterval until final", async () => {
      const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { photo: "cat.png" } });
      const query = track<RunQueryView>(hooks.runQuery, controller.id, { baseURL: dev.baseURL, accessToken: dev.readToken, refreshInterval: 50 });
      expect(query.current()).toMatchObject({ run: undefined, isLoading: true, isError: false });
      await waitFor(() => expect(query.current()).toMatchObject({ isLoading: false, run: { id: controller.id, status: "QUEUED" } }));
      controller.start();
      controller.complete({ url: "cat-small.png" });
      await waitFor(() => expect(query.current()).toMatchObject({ run: { status: "COMPLETED", output: { url: "cat-small.png" } }, isValidating: false }));

      const once = track<RunQueryView>(hooks.runQuery, controller.id, { baseURL: dev.baseURL, accessToken: dev.readToken, revalidateOnFocus: false, revalidateOnReconnect: false });
      await waitFor(() => expect(once.current().run?.status).toBe("COMPLETED"));
      const missing = track<RunQueryView>(hooks.runQuery, "run_missing", { baseURL: dev.baseURL, accessToken: dev.readToken });
      await waitFor(() => expect(missing.current()).toMatchObject({ isError: true, isLoading: false, run: undefined, error: expect.any(Error) }));
      const none = track<RunQueryView>(hooks.runQuery, undefined, { baseURL: dev.baseURL, accessToken: dev.readToken });
      expect(none.current()).toMatchObject({ run: undefined, isLoading: false, isError: false });
    });

    it("run query: fetches again when the window is focused, unless revalidateOnFocus is false", async () => {
      const controller = dev.server.createRun({ taskIdentifier: "manual" });
      const options = { baseURL: dev.baseURL, accessToken: dev.readToken };
      const focused = track<RunQueryView>(hooks.runQuery, controller.id, options);
      const unfocused = track<RunQueryView>(hooks.runQuery, controller.id, { ...options, revalidateOnFocus: false });
      await waitFor(() => expect([focused.current().run?.status, unfocused.current().run?.status]).toEqual(["QUEUED", "QUEUED"]));
      controller.start();
      window.dispatchEvent(new Event("focus"));
      await waitFor(() => expect(focused.current().run?.status).toBe("EXECUTING"));
      expect(unfocused.current().run?.status).toBe("QUEUED");
    });
  });
}
