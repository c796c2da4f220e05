import { configure, sessions } from "@trigger.dev/sdk";
import { decodeJwt } from "jose";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, unique, useDevServer } from "@trigger-realtime/test-support";
import { bearer } from "./support.js";

const dev = useDevServer();
beforeAll(() => configure({ baseURL: dev.baseURL, accessToken: dev.server.secretKey }));

const runs: string[] = [];
const readers: AbortController[] = [];
afterEach(() => {
  for (const reader of readers.splice(0)) reader.abort();
  // Chats still waiting for a message are canceled, so their tasks stop.
  for (const id of runs.splice(0)) if (!dev.server.getRun(id)?.completedAt) dev.server.run(id).cancel();
});

interface Created {
  id: string;
  externalId: string | null;
  runId: string;
  publicAccessToken: string;
  isCached: boolean;
  [field: string]: unknown;
}

async function create(body: Record<string, unknown>, token = dev.server.secretKey): Promise<{ status: number; body: any }> {
  const response = await fetch(`${dev.baseURL}/api/v1/sessions`, {
    method: "POST",
    headers: { ...bearer(token), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Created;
  if (answer.runId) runs.push(answer.runId);
  return { status: response.status, body: answer };
}

const chatBody = (externalId: string) => ({ type: "chat", externalId, taskIdentifier: "session-chat", triggerConfig: { basePayload: { delayMs: 2 } } });

async function chat(): Promise<Created> {
  const { status, body } = await create(chatBody(unique("chat")));
  expect(status).toBe(201);
  return body;
}

/** `session` may carry a side channel path (`<id>/channels/<name>/<io>`, with `io` empty). */
const channelUrl = (session: string, io: string) =>
  `${dev.baseURL}/realtime/v1/sessions/${session.split("/").map(encodeURIComponent).join("/")}${io ? `/${io}` : ""}`;

function append(session: string, io: string, token: string | undefined, text: string, headers: Record<string, string> = {}) {
  return fetch(`${channelUrl(session, io)}/append`, { method: "POST", headers: { ...bearer(token), ...headers }, body: text });
}

interface S2Record {
  seq_num: number;
  timestamp: number;
  body: string;
  headers: [string, string][];
}

function subscribe(session: string, io: string, token: string | undefined, headers: Record<string, string> = {}) {
  const reader = new AbortController();
  readers.push(reader);
  return fetch(channelUrl(session, io), {
    headers: { ...bearer(token), accept: "text/event-stream", ...headers },
    signal: reader.signal,
  });
}

/** The records of a session channel's `batch` events, until the response ends or `until` holds. */
async function readRecords(response: Response, until?: (records: S2Record[]) => boolean): Promise<S2Record[]> {
  const records: S2Record[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return records;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const lines = buffer.slice(0, end).split("\n");
      buffer = buffer.slice(end + 2);
      if (!lines.includes("event: batch")) continue;
      const data = lines.find((line) => line.startsWith("data: "))!.slice(6);
      records.push(...(JSON.parse(data) as { records: S2Record[] }).records);
    }
    if (until?.(records)) {
      await reader.cancel();
      return records;
    }
  }
}

const isTurnComplete = (record: S2Record) => record.headers.some(([name, value]) => name === "trigger-control" && value === "turn-complete");
const text = (records: S2Record[]) => records.filter((record) => record.body !== "").map((record) => JSON.parse(record.body).data).join("");

describe("sessions: create, append, read", () => {
  it("creates a session with a run and a token for its channels; a second create is cached", async () => {
    const externalId = unique("chat");
    const first = await create({ ...chatBody(externalId), tags: ["t1"], metadata: { user: "u1" } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ externalId, type: "chat", taskIdentifier: "session-chat", tags: ["t1"], metadata: { user: "u1" }, isCached: false, closedAt: null });
    expect(first.body.id).toMatch(/^session_/);
    expect(first.body.currentRunId).toBe(first.body.runId);
    expect(decodeJwt(first.body.publicAccessToken).scopes).toEqual([`read:sessions:${externalId}`, `write:sessions:${externalId}`]);
    expect(dev.server.getRun(first.body.runId)!.taskIdentifier).toBe("session-chat");
    const again = await create(chatBody(externalId));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, runId: first.body.runId, isCached: true });
    const retrieved = await fetch(`${dev.baseURL}/api/v1/sessions/${first.body.id}`, { headers: bearer(first.body.publicAccessToken) });
    expect(await retrieved.json()).toMatchObject({ id: first.body.id, externalId, currentRunId: first.body.runId });
  });

  it("answers each message on `out` as S2 batches, ending each turn with a control record", async () => {
    const session = await chat();
    const token = session.publicAccessToken;
    const sent = await append(session.externalId!, "in", token, "hello there");
    expect(await sent.json()).toEqual({ ok: true, seq: 0 });
    const response = await subscribe(session.externalId!, "out", token);
    expect(response.headers.get("x-stream-version")).toBe("v2");
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const records = await readRecords(response, (all) => all.some(isTurnComplete));
    expect(text(records)).toBe("You said: hello there");
    expect(records.map((record) => record.seq_num)).toEqual(records.map((_, index) => index));
    const control = records.at(-1)!;
    expect(control).toMatchObject({ body: "", headers: [["trigger-control", "turn-complete"]] });
    for (const record of records.slice(0, -1)) expect(JSON.parse(record.body)).toEqual({ data: expect.any(String), id: expect.any(String) });
  });

  it("resumes strictly after Last-Event-ID, and `latest` starts at the newest record", async () => {
    const session = await chat();
    const token = session.publicAccessToken;
    await append(session.id, "in", token, "one");
    const all = await readRecords(await subscribe(session.id, "out", token), (records) => records.some(isTurnComplete));
    const resumed = await readRecords(await subscribe(session.id, "out", token, { "last-event-id": "2", "timeout-seconds": "1" }));
    expect(resumed).toEqual(all.slice(3));
    const latest = await readRecords(await subscribe(session.id, "out", token, { "x-trigger-stream-start": "latest", "timeout-seconds": "1" }));
    expect(latest).toEqual([all.at(-1)]);
  });

  it("ends a read after Timeout-Seconds without a record, and at once for a settled peek", async () => {
    const session = await chat();
    const started = Date.now();
    expect(await readRecords(await subscribe(session.id, "in", session.publicAccessToken, { "timeout-seconds": "1" }))).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await append(session.id, "in", session.publicAccessToken, "hi");
    await readRecords(await subscribe(session.id, "out", session.publicAccessToken), (records) => records.some(isTurnComplete));
    const peek = await subscribe(session.id, "out", session.publicAccessToken, { "x-peek-settled": "1" });
    expect(peek.headers.get("x-session-settled")).toBe("true");
    expect((await readRecords(peek)).at(-1)).toSatisfy(isTurnComplete);
    for (const [value, message] of [["abc", "Invalid timeout seconds"], ["1.5", "Invalid timeout seconds"], ["0", "Timeout seconds must be greater than 0"], ["601", "Timeout seconds must be less than 600"]]) {
      const bad = await subscribe(session.id, "out", session.publicAccessToken, { "timeout-seconds": value! });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toBe(message);
    }
  });

  it("lists what a channel holds without waiting (…/records)", async () => {
    const session = await chat();
    await append(session.id, "in", session.publicAccessToken, JSON.stringify({ text: "a" }), { "x-part-id": "p1" });
    await append(session.id, "in", session.publicAccessToken, "b", { "x-part-id": "p2" });
    const response = await fetch(`${dev.baseURL}/realtime/v1/sessions/${session.id}/in/records?afterEventId=0`, { headers: bearer(session.publicAccessToken) });
    expect(await response.json()).toEqual({ records: [{ data: "b", id: "p2", seqNum: 1, headers: [] }] });
  });

  it("stores a retried append (same X-Part-Id) once", async () => {
    const session = await chat();
    const first = await append(session.id, "in", session.publicAccessToken, "once", { "x-part-id": "same" });
    const retried = await append(session.id, "in", session.publicAccessToken, "once", { "x-part-id": "same" });
    expect(await first.json()).toEqual({ ok: true, seq: 0 });
    expect(await retried.json()).toEqual({ ok: true });
    const records = await readRecords(await subscribe(session.id, "in", session.publicAccessToken, { "timeout-seconds": "1" }));
    expect(records).toHaveLength(1);
  });

  it("checks scopes against every name of the session; only the secret key writes `out`", async () => {
    const session = await chat();
    const byExternal = await dev.token([`read:sessions:${session.externalId}`, `write:sessions:${session.externalId}`]);
    const byFriendly = await dev.token([`read:sessions:${session.id}`]);
    for (const [url, token] of [[session.id, byExternal], [session.externalId!, byFriendly], [session.id, await dev.token(["read:sessions"])]] as const) {
      const response = await subscribe(url, "in", token, { "timeout-seconds": "1" });
      expect(response.status, url).toBe(200);
      await response.body!.cancel();
    }
    for (const token of [await dev.token(["read:sessions:other"]), await dev.token([`write:sessions:${session.id}`]), await dev.token([`read:runs:${session.runId}`])]) {
      expect((await subscribe(session.id, "out", token)).status).toBe(403);
    }
    expect((await append(session.id, "in", await dev.token([`read:sessions:${session.id}`]), "x")).status).toBe(403);
    expect((await subscribe(session.id, "out", undefined)).status).toBe(401);
    const forged = await append(session.id, "out", byExternal, "forged");
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({ ok: false, error: "Appending to the out channel requires secret key authentication" });
    expect(await (await append(session.id, "out", dev.server.secretKey, "from the backend")).json()).toEqual({ ok: true, seq: 0 });
  });

  it("answers unknown sessions, closed sessions and bad bodies as Cloud does", async () => {
    const token = await dev.token(["read:sessions", "write:sessions"]);
    expect((await subscribe("session_missing", "out", token)).status).toBe(404);
    expect((await append("missing-chat", "in", token, "x")).status).toBe(404);
    // An external id may be read before its session exists (a client subscribing first).
    expect(await readRecords(await subscribe(unique("not-yet"), "out", token, { "timeout-seconds": "1" }))).toEqual([]);
    expect((await subscribe("x", "sideways", token)).status).toBe(400);

    const session = await chat();
    const closed = await fetch(`${dev.baseURL}/api/v1/sessions/${session.id}/close`, { method: "POST", headers: bearer(dev.server.secretKey), body: JSON.stringify({ reason: "done" }) });
    expect(await closed.json()).toMatchObject({ closedReason: "done", closedAt: expect.any(String) });
    const refused = await append(session.id, "in", session.publicAccessToken, "late");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ ok: false, error: "Cannot append to a closed session" });
    expect((await create(chatBody(session.externalId!))).status).toBe(409);

    expect((await create({ type: "chat", taskIdentifier: "session-chat" })).status).toBe(400);
    expect((await create({ ...chatBody("session_reserved") })).status).toBe(400);
    expect((await create({ ...chatBody(unique("chat")), taskIdentifier: "no-such-task" })).status).toBe(422);
    expect((await create(chatBody(unique("chat")), await dev.token(["write:tasks:other"]))).status).toBe(403);
    expect((await create(chatBody(unique("chat")), await dev.token(["write:tasks:session-chat"]))).status).toBe(201);
    const tooBig = await append(session.id, "in", session.publicAccessToken, "x".repeat(1024 * 1024 + 1));
    expect(tooBig.status).toBe(413);
  });

  it("starts a new run of the session's task for a message after its run ended", async () => {
    const session = await chat();
    await append(session.id, "in", session.publicAccessToken, "/end");
    await eventually(() => dev.server.getRun(session.runId)?.completedAt, 10_000, "the first run to end");
    await append(session.id, "in", session.publicAccessToken, "again");
    const records = await readRecords(await subscribe(session.id, "out", session.publicAccessToken), (all) => all.some(isTurnComplete));
    expect(text(records)).toBe("You said: again");
    const retrieved = (await (await fetch(`${dev.baseURL}/api/v1/sessions/${session.id}`, { headers: bearer(dev.server.secretKey) })).json()) as Created;
    expect(retrieved.currentRunId).not.toBe(session.runId);
    runs.push(retrieved.currentRunId as string);
    expect(dev.server.getRun(retrieved.currentRunId as string)!.payload.data).toContain(`"previousRunId":"${session.runId}"`);
  });
});

describe("named side channels (…/channels/:name/:io)", () => {
  it("keep their records apart from the session's own pair and wake no run", async () => {
    const session = await chat();
    const token = session.publicAccessToken;
    const path = (io: string) => `${session.id}/channels/status/${io}`;
    expect(await (await append(path("in"), "", token, "side note")).json()).toEqual({ ok: true, seq: 0 });
    expect(await readRecords(await subscribe(path("in"), "", token, { "timeout-seconds": "1" }))).toEqual([
      expect.objectContaining({ seq_num: 0, body: expect.stringContaining('"data":"side note"') }),
    ]);
    expect(await readRecords(await subscribe(session.id, "in", token, { "timeout-seconds": "1" }))).toEqual([]);
    expect(dev.server.getRun(session.runId)!.metadata?.turns).toBeUndefined();
    expect((await subscribe(`${session.id}/channels/bad name`, "in", token)).status).toBe(400);
  });
});

describe("sessions through the official SDK", () => {
  it("starts, sends on `in` and reads `out` with its control records", async () => {
    const externalId = unique("sdk-chat");
    const started = await sessions.start({ type: "chat", externalId, taskIdentifier: "session-chat", triggerConfig: { basePayload: { delayMs: 2 } } });
    runs.push(started.runId);
    expect(started).toMatchObject({ externalId, isCached: false, currentRunId: started.runId });
    expect(started.createdAt).toBeInstanceOf(Date);
    await sessions.open(externalId).in.send("from the sdk");
    const controls: string[] = [];
    const reader = new AbortController();
    readers.push(reader);
    // The read ends 3 s after the last record: by then the turn is complete.
    const stream = await sessions.open(externalId).out.read({ signal: reader.signal, timeoutInSeconds: 3, onControl: (event) => void controls.push(event.subtype) });
    let reply = "";
    for await (const chunk of stream) reply += chunk as string;
    expect(reply).toBe("You said: from the sdk");
    expect(controls).toEqual(["turn-complete"]);
    const retrieved = await sessions.retrieve(started.id);
    expect(retrieved).toMatchObject({ id: started.id, externalId, taskIdentifier: "session-chat" });
    const closed = await sessions.close(externalId, { reason: "finished" });
    expect(closed).toMatchObject({ id: started.id, closedReason: "finished" });
    expect(closed.closedAt).toBeInstanceOf(Date);
    await expect(sessions.open(externalId).in.send("too late")).rejects.toThrow(/closed session/);
  });
});
