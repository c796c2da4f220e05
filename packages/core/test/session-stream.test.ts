import { configure, sessions } from "@trigger.dev/sdk";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectNoOpenConnections, unique, waitForState } from "@trigger-realtime/test-support";
import { sessionStream, setServerEnvironment, type SessionControlEvent, type StreamPart } from "../src/index.js";
import { recordStates } from "./support/record-states.js";
import { useDevServerWithClients } from "./support/server.js";

const dev = useDevServerWithClients();
beforeAll(() => configure({ baseURL: dev.baseURL, accessToken: dev.server.secretKey }));

const cleanups: Array<() => void> = [];
const runIds: string[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  for (const id of runIds.splice(0)) if (!dev.server.getRun(id)?.completedAt) dev.server.run(id).cancel();
  await expectNoOpenConnections(dev.server);
});

/** Keeps a store connected until the test ends. */
function listen<S extends { listen(listener: (value: any) => void): () => void }>(store: S): S {
  cleanups.push(store.listen(() => {}));
  return store;
}

/** A session of the `session-chat` demo task, created as a backend does. */
async function chat(): Promise<{ id: string; externalId: string; token: string }> {
  const externalId = unique("chat");
  const response = await fetch(`${dev.baseURL}/api/v1/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${dev.server.secretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "chat", externalId, taskIdentifier: "session-chat", triggerConfig: { basePayload: { delayMs: 2 } } }),
  });
  const body = (await response.json()) as { id: string; runId: string; publicAccessToken: string };
  runIds.push(body.runId);
  return { id: body.id, externalId, token: body.publicAccessToken };
}

/**
 * Appends one record. A request on a socket the server just cut is sent again: its part id
 * (`X-Part-Id`) makes sure the record lands once.
 */
async function append(session: string, io: "in" | "out", token: string, text: string) {
  const partId = unique("part");
  const send = () =>
    fetch(`${dev.baseURL}/realtime/v1/sessions/${session}/${io}/append`, { method: "POST", headers: { authorization: `Bearer ${token}`, "x-part-id": partId }, body: text });
  const response = await send().catch(() => send());
  expect(response.status).toBe(200);
  return partId;
}

/** Data records on `out`, written with the secret key (as a backend may). */
async function writeOut(session: string, values: string[]) {
  for (const value of values) await append(session, "out", dev.server.secretKey, value);
}

const numbers = (from: number, to: number) => Array.from({ length: to - from }, (_, n) => String(from + n));
const clientFor = (token: string) => dev.client(undefined, { accessToken: token });

describe("sessionStream", () => {
  it("gathers a turn's records and keeps control records apart, in lastControl and onControl", async () => {
    const session = await chat();
    const controls: SessionControlEvent[] = [];
    const batches: StreamPart<string>[][] = [];
    const store = listen(
      sessionStream<string>(await clientFor(session.token), session.externalId, {
        onControl: (event) => void controls.push(event),
        onRecords: (records) => void batches.push(records),
      }),
    );
    await append(session.externalId, "in", session.token, "hi there");
    const state = await waitForState(store, (s) => s.lastControl?.subtype === "turn-complete");
    expect(state.records.join("")).toBe("You said: hi there");
    expect(state.status).toBe("live");
    expect(controls).toEqual([{ subtype: "turn-complete", headers: [["trigger-control", "turn-complete"]], seqNum: state.records.length, timestamp: expect.any(Number) }]);
    expect(state.lastControl).toEqual(controls[0]);
    expect(state.lastEventId).toBe(String(state.records.length));
    // onRecords sees every record, the control one too (with its headers), as the official hook does.
    const seen = batches.flat();
    expect(seen.map((part) => part.id)).toEqual(numbers(0, state.records.length + 1));
    expect(seen.at(-1)!.headers).toEqual([["trigger-control", "turn-complete"]]);
    expect(seen[0]!.headers).toEqual([]);
  });

  it("gives onRecords each record's writer id (X-Part-Id) and headers, as the SDK does", async () => {
    const session = await chat();
    const batches: StreamPart<string>[][] = [];
    const store = listen(sessionStream<string>(await clientFor(session.token), session.id, { onRecords: (records) => void batches.push(records) }));
    const partId = await append(session.id, "out", dev.server.secretKey, "hello");
    await waitForState(store, (s) => s.records.length === 1);
    expect(batches.flat()).toEqual([{ id: "0", recordId: partId, chunk: "hello", timestamp: expect.any(Number), headers: [] }]);
  });

  it("resumes after a dropped connection with no record lost or doubled", async () => {
    const session = await chat();
    const store = listen(sessionStream<string>(await clientFor(session.token), session.id, { throttleInMs: 0 }));
    await writeOut(session.id, numbers(0, 20));
    await waitForState(store, (s) => s.records.length === 20);
    dev.server.dropConnections();
    await writeOut(session.id, numbers(20, 40));
    const state = await waitForState(store, (s) => s.records.length >= 40);
    expect(state.records).toEqual(numbers(0, 40));
  });

  it("starts after lastEventId, or at the newest record with from: latest, and keeps maxRecords", async () => {
    const session = await chat();
    await writeOut(session.id, numbers(0, 10));
    const client = await clientFor(session.token);
    const resumed = await waitForState(listen(sessionStream<string>(client, session.id, { lastEventId: 6 })), (s) => s.records.length === 3);
    expect(resumed.records).toEqual(["7", "8", "9"]);
    const latest = listen(sessionStream<string>(client, session.id, { from: "latest" }));
    expect((await waitForState(latest, (s) => s.records.length > 0)).records).toEqual(["9"]);
    await writeOut(session.id, ["10"]);
    expect((await waitForState(latest, (s) => s.records.length === 2)).records).toEqual(["9", "10"]);
    const bounded = listen(sessionStream<string>(client, session.id, { maxRecords: 3 }));
    expect((await waitForState(bounded, (s) => s.records.at(-1) === "10")).records).toEqual(["8", "9", "10"]);
  });

  it("reads the `in` channel, completes after timeoutInSeconds of quiet, and batches updates by throttleInMs", async () => {
    const session = await chat();
    const client = await clientFor(session.token);
    const store = sessionStream<string>(client, session.id, { io: "in", timeoutInSeconds: 1, throttleInMs: 10_000 });
    const { states, stop } = recordStates(store);
    cleanups.push(stop);
    await append(session.id, "in", session.token, "/end");
    const state = await waitForState(store, (s) => s.status === "complete");
    expect(state.records).toEqual(["/end"]);
    // Within one long window, the records and the end arrive as one update.
    expect(states.filter((s) => s.records.length > 0)).toHaveLength(1);
  });

  it("reads a named side channel apart from the session's own pair", async () => {
    const session = await chat();
    await sessions.open(session.externalId).channel("progress").in.send({ step: 1 });
    const client = await clientFor(session.token);
    const side = await waitForState(listen(sessionStream<string>(client, session.id, { channel: "progress", io: "in" })), (s) => s.records.length === 1);
    expect(side.records).toEqual(['{"step":1}']);
    const own = await waitForState(listen(sessionStream<string>(client, session.id, { io: "in", timeoutInSeconds: 1 })), (s) => s.status === "complete");
    expect(own.records).toEqual([]);
  });

  it("stays idle on the server unless allowServer", async () => {
    const session = await chat();
    await writeOut(session.id, ["x"]);
    const client = await clientFor(session.token);
    setServerEnvironment(undefined); // Node without window: a server
    try {
      const idle = listen(sessionStream(client, session.id, { timeoutInSeconds: 1 }));
      const connected = listen(sessionStream<string>(client, session.id, { timeoutInSeconds: 1, allowServer: true }));
      expect((await waitForState(connected, (s) => s.records.length === 1)).records).toEqual(["x"]);
      expect(idle.get()).toMatchObject({ status: "idle", records: [] });
    } finally {
      setServerEnvironment(false);
    }
  });

  it("shares one store per arguments, and ends with a fatal error on a token without the scope", async () => {
    const session = await chat();
    const client = await clientFor(session.token);
    expect(sessionStream(client, session.id, { io: "in" })).toBe(sessionStream(client, session.id, { io: "in" }));
    expect(sessionStream(client, session.id, { io: "in" })).not.toBe(sessionStream(client, session.id));
    const other = listen(sessionStream(await dev.client(["read:sessions:someone-else"]), session.id));
    const state = await waitForState(other, (s) => s.status === "error");
    expect(state.error).toMatchObject({ code: "forbidden" });
  });

  it("reads what the official SDK writes and starts, and the SDK reads what our task answers", async () => {
    const externalId = unique("sdk-chat");
    const started = await sessions.start({ type: "chat", externalId, taskIdentifier: "session-chat", triggerConfig: { basePayload: { delayMs: 2 } } });
    runIds.push(started.runId);
    await sessions.open(externalId).in.send("via the sdk");
    const client = await clientFor(started.publicAccessToken);
    const input = await waitForState(listen(sessionStream<string>(client, externalId, { io: "in" })), (s) => s.records.length === 1);
    expect(input.records).toEqual(["via the sdk"]);
    const out = await waitForState(listen(sessionStream<string>(client, started.id)), (s) => s.lastControl !== undefined);
    let sdkReply = "";
    for await (const chunk of await sessions.open(externalId).out.read({ timeoutInSeconds: 1 })) sdkReply += chunk as string;
    expect(sdkReply).toBe(out.records.join(""));
    expect(sdkReply).toBe("You said: via the sdk");
  });
});
