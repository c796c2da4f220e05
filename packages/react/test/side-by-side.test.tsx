import { act, cleanup, render, waitFor } from "@testing-library/react";
import * as official from "@trigger.dev/react-hooks";
import { afterEach, describe, expect, it } from "vitest";
import {
  appendToSession,
  createChatSession,
  endChat,
  finishedOutput,
  long,
  steerableRun,
  unique,
  useDevServer,
  type ChatSession,
} from "@trigger-realtime/test-support";
import * as ours from "../src/index.js";

// The same components written with `@trigger.dev/react-hooks` and with ours, rendered side by
// side against the same dev server and runs. The official objects are the reference.

afterEach(cleanup);

type Hooks = Pick<typeof ours, "useRealtimeRun" | "useRealtimeRunsWithTag" | "useRealtimeStream" | "useRealtimeRunWithStreams">;
const implementations = { official: official as unknown as Hooks, ours: ours as Hooks };
type Name = keyof typeof implementations;

/** Every field of the official value, compared on ours (dates by time, nested values deeply). */
function expectSameFields(reference: Record<string, unknown>, candidate: Record<string, unknown>) {
  expect(Object.keys(reference).length).toBeGreaterThan(20);
  for (const [key, value] of Object.entries(reference)) {
    expect({ key, value: candidate[key] }).toEqual({ key, value });
  }
}

/** The official and our version of a component, side by side. */
function renderBoth(Watch: (props: { name: Name }) => null) {
  render(
    <>
      <Watch name="official" />
      <Watch name="ours" />
    </>,
  );
}

describe.each(["electric", "native"] as const)("side by side with @trigger.dev/react-hooks (%s backend)", (backend) => {
  const dev = useDevServer({ server: { realtimeBackend: backend } });

    it("renders the same sequence of statuses and the same final run", async () => {
      const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { photo: "cat.png" }, tags: [unique("sbs")] });
      const runId = controller.run.friendlyId;
      const statuses: Record<Name, string[]> = { official: [], ours: [] };
      const latest: Partial<Record<Name, ours.RealtimeRun>> = {};

      function Watch({ name }: { name: Name }) {
        const { run } = implementations[name].useRealtimeRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL });
        const seen = `${run?.status ?? "none"}:${String(run?.metadata?.progress ?? "-")}`;
        if (statuses[name].at(-1) !== seen) statuses[name].push(seen);
        if (run) latest[name] = run;
        return null;
      }
      renderBoth(Watch);
      const both = (expected: string) => waitFor(() => expect([statuses.official.at(-1), statuses.ours.at(-1)]).toEqual([expected, expected]), long);

      await both("QUEUED:-");
      controller.start();
      await both("EXECUTING:-");
      controller.setMetadata({ progress: 50 });
      await both("EXECUTING:50");
      controller.complete({ url: "cat-small.png" });
      await both("COMPLETED:50");

      expect(statuses.ours).toEqual(statuses.official);
      expect(statuses.official).toEqual(["none:-", "QUEUED:-", "EXECUTING:-", "EXECUTING:50", "COMPLETED:50"]);
      expectSameFields(latest.official as never, latest.ours as never);
    });

    it("renders the same stream parts", async () => {
      const { id, publicAccessToken } = await dev.server.trigger("ai-stream", { prompt: "compare", delayMs: 5 });
      const parts: Partial<Record<Name, unknown[]>> = {};
      const streams: Partial<Record<Name, unknown[]>> = {};
      const runs: Partial<Record<Name, ours.RealtimeRun>> = {};

      function Watch({ name }: { name: Name }) {
        const options = { accessToken: publicAccessToken, baseURL: dev.baseURL };
        parts[name] = implementations[name].useRealtimeStream<string>(id, "text", options).parts;
        const withStreams = implementations[name].useRealtimeRunWithStreams<ours.AnyTask, { text: string }>(id, options);
        streams[name] = withStreams.streams.text;
        if (withStreams.run) runs[name] = withStreams.run;
        return null;
      }
      renderBoth(Watch);
      await waitFor(() => expect([runs.official?.status, runs.ours?.status]).toEqual(["COMPLETED", "COMPLETED"]), long);
      const text = (runs.official!.output as { text: string }).text;
      await waitFor(() => {
        expect(parts.official?.join("")).toBe(text);
        expect(streams.official?.join("")).toBe(text);
        expect(parts.ours).toEqual(parts.official);
        expect(streams.ours).toEqual(streams.official);
      }, long);
      expectSameFields(runs.official as never, runs.ours as never);
    });

    it("renders the same runs-by-tag list", async () => {
      const tag = unique("list");
      const listed: Partial<Record<Name, ours.RealtimeRun[]>> = {};
      function Watch({ name }: { name: Name }) {
        listed[name] = implementations[name].useRealtimeRunsWithTag(tag, { accessToken: dev.readToken, baseURL: dev.baseURL }).runs;
        return null;
      }
      renderBoth(Watch);
      const a = dev.server.createRun({ taskIdentifier: "manual", tags: [tag], payload: "a" });
      const b = dev.server.createRun({ taskIdentifier: "manual", tags: [tag], payload: "b" });
      const c = dev.server.createRun({ taskIdentifier: "manual", tags: [tag], payload: "c" });
      a.start();
      a.setMetadata({ progress: 10 });
      b.start();
      b.complete("done");
      c.start();
      c.fail(new Error("nope"));
      const summary = (runs: ours.RealtimeRun[] | undefined) => runs?.map((run) => `${run.payload}:${run.status}`);
      await waitFor(() => {
        expect(summary(listed.official)).toEqual(["a:EXECUTING", "b:COMPLETED", "c:FAILED"]);
        expect(summary(listed.ours)).toEqual(summary(listed.official));
      }, long);
      listed.official!.forEach((run, index) => expectSameFields(run as never, listed.ours![index] as never));
    });
});

describe("side by side with @trigger.dev/react-hooks: input streams, sessions, the run query", () => {
  const dev = useDevServer();
  type SurfaceHooks = Pick<typeof ours, "useInputStreamSend" | "useSessionStream" | "useSessionStreamChannel" | "useRun">;
  const surface = { official: official as unknown as SurfaceHooks, ours: ours as SurfaceHooks };
  const sessions: ChatSession[] = [];
  afterEach(() => sessions.splice(0).forEach((session) => endChat(dev, session)));

  it("renders the same records, cursor and control record of a session channel, and calls onControl alike", async () => {
    const session = await createChatSession(dev);
    sessions.push(session);
    await appendToSession(dev, session.id, "channels/progress/in", '{"step":1}');
    const seen: Partial<Record<Name, { records: unknown[]; lastEventId?: string; lastControl?: { subtype: string; seqNum: number }; side: unknown[] }>> = {};
    const controls: Record<Name, string[]> = { official: [], ours: [] };
    type SeenRecord = { id: string; chunk: unknown; recordId?: string; headers?: [string, string][] };
    const batches: Record<Name, SeenRecord[]> = { official: [], ours: [] };
    // Everything but the arrival time.
    const onRecords = (name: Name) => (records: SeenRecord[]) => void batches[name].push(...records.map(({ id, chunk, recordId, headers }) => ({ id, chunk, recordId, headers })));

    function Watch({ name }: { name: Name }) {
      const options = { accessToken: session.token, baseURL: dev.baseURL };
      const out = surface[name].useSessionStream<string>(session.externalId, {
        ...options,
        onControl: (event) => void controls[name].push(event.subtype),
        onRecords: onRecords(name),
      });
      const side = surface[name].useSessionStreamChannel("progress", { ...options, sessionId: session.id, io: "in" });
      seen[name] = { records: out.records, lastEventId: out.lastEventId, lastControl: out.lastControl, side: side.records };
      return null;
    }
    renderBoth(Watch);
    await appendToSession(dev, session.externalId, "in", "side by side", session.token);
    await waitFor(() => expect([seen.official?.lastControl?.subtype, seen.ours?.lastControl?.subtype]).toEqual(["turn-complete", "turn-complete"]), long);
    // Both render every text record (the official one a throttle window after its control record).
    await waitFor(() => expect(seen.official!.records.join("")).toBe("You said: side by side"), long);
    await waitFor(() => expect(seen.ours!.records).toEqual(seen.official!.records), long);
    const { subtype, seqNum } = seen.official!.lastControl!;
    expect(seen.ours!.lastControl).toMatchObject({ subtype, seqNum });
    await waitFor(() => expect(seen.ours!.side).toEqual(seen.official!.side), long);
    expect(seen.official!.side).toEqual(['{"step":1}']);
    expect(controls.ours).toEqual(controls.official);
    // The cursor and onRecords: ours reach the control record at once. The official hook publishes
    // them only when its throttled queue of text records flushes, so a control record arriving
    // after the last flush waits there for a next record or the stream's end: either the same as
    // ours, or ours with that control record added.
    await waitFor(() => expect(seen.ours!.lastEventId).toBe(String(seqNum)), long);
    await waitFor(() => expect(batches.ours.at(-1)?.id).toBe(String(seqNum)), long);
    const officialHasControl = batches.official.at(-1)?.id === String(seqNum);
    expect(batches.ours).toEqual(officialHasControl ? batches.official : [...batches.official, batches.ours.at(-1)]);
    await waitFor(() => expect(seen.official!.lastEventId).toBe(batches.official.at(-1)?.id), long);
  });

  it("renders the same retrieved run", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { photo: "cat.png" }, tags: [unique("sbs")] });
    controller.start();
    controller.setMetadata({ progress: 100 });
    controller.complete({ url: "cat-small.png" });
    const runs: Partial<Record<Name, Record<string, unknown>>> = {};
    function Watch({ name }: { name: Name }) {
      const { run } = surface[name].useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL });
      if (run) runs[name] = run as unknown as Record<string, unknown>;
      return null;
    }
    renderBoth(Watch);
    await waitFor(() => expect([runs.official?.status, runs.ours?.status]).toEqual(["COMPLETED", "COMPLETED"]), long);
    expectSameFields(runs.official!, runs.ours!);
  });

  it("sends to an input stream alike: the same isReady, and both stop their run", async () => {
    const runs = { official: await steerableRun(dev, "official"), ours: await steerableRun(dev, "ours") };
    const senders: Partial<Record<Name, { isReady: boolean; send: (data: { type: "stop" }) => unknown }>> = {};
    function Watch({ name }: { name: Name }) {
      senders[name] = surface[name].useInputStreamSend<{ type: "stop" }>("control", runs[name].id, { accessToken: runs[name].token, baseURL: dev.baseURL });
      return null;
    }
    renderBoth(Watch);
    expect([senders.official!.isReady, senders.ours!.isReady]).toEqual([true, true]);
    act(() => void senders.official!.send({ type: "stop" }));
    await act(async () => void (await senders.ours!.send({ type: "stop" })));
    expect((await finishedOutput(dev, runs.official.id)).stopped).toBe(true);
    expect((await finishedOutput(dev, runs.ours.id)).stopped).toBe(true);
  });
});
