import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { useDevServer } from "@trigger-realtime/test-support";
import { startDevServer } from "../src/index.js";
import { bearer, readSse, shape } from "./support.js";

const dev = useDevServer({ server: { keepAliveMs: 300 } });
const read = (runId: string, key: string, headers: Record<string, string> = {}, token = dev.readToken) =>
  fetch(`${dev.server.url}/realtime/v1/streams/${runId}/${key}`, { headers: { ...bearer(token), accept: "text/event-stream", ...headers } });
const secret = () => bearer(dev.server.secretKey);

describe("reading a stream", () => {
  it("sends every part as an event with a sortable <ms>-<index> id, and outlives the run until Timeout-Seconds pass without data", async () => {
    const run = dev.server.createRun({});
    run.start();
    run.appendStream("text", "Hello");
    run.appendStream("text", { token: " world" });
    const response = await read(run.id, "text", { "timeout-seconds": "1" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.has("x-stream-version")).toBe(false);
    let completedAt = 0;
    setTimeout(() => {
      run.appendStream("text", "!");
      run.complete();
      completedAt = Date.now();
    }, 50);
    const events = (await readSse(response)).filter((event) => event.data !== undefined);
    // The run finishing ends nothing: the quiet second does.
    expect(Date.now() - completedAt).toBeGreaterThanOrEqual(900);
    expect(events.map((event) => JSON.parse(event.data!))).toEqual(["Hello", { token: " world" }, "!"]);
    expect(events.map((event) => event.id!.split("-")[1])).toEqual(["0", "1", "2"]);
    const ids = events.map((event) => event.id!.split("-").map(Number) as [number, number]);
    for (let index = 1; index < ids.length; index++) {
      expect(ids[index]![0] > ids[index - 1]![0] || (ids[index]![0] === ids[index - 1]![0] && ids[index]![1] > ids[index - 1]![1])).toBe(true);
    }
  });

  it("resumes strictly after Last-Event-ID read as a Redis id: a small bare number (what startIndex sends) replays everything, as on Cloud", async () => {
    const run = dev.server.createRun({});
    for (const part of ["a", "b", "c", "d"]) run.appendStream("letters", part);
    run.complete();
    const quick = { "timeout-seconds": "1" };
    const letters = async (headers: Record<string, string>) => (await readSse(await read(run.id, "letters", { ...quick, ...headers }))).filter((event) => event.data).map((event) => JSON.parse(event.data!));
    const all = (await readSse(await read(run.id, "letters", quick))).filter((event) => event.data);
    const [afterId, afterLast, bareIndex, minusOne] = await Promise.all([
      letters({ "last-event-id": all[1]!.id! }),
      letters({ "last-event-id": all[3]!.id! }),
      letters({ "last-event-id": "2" }),
      letters({ "last-event-id": "-1" }),
    ]);
    expect(afterId).toEqual(["c", "d"]);
    expect(afterLast).toEqual([]);
    expect(bareIndex).toEqual(["a", "b", "c", "d"]);
    expect(minusOne).toEqual(["a", "b", "c", "d"]);
  });

  it("skips the history with X-Trigger-Stream-Start: latest", async () => {
    const run = dev.server.createRun({});
    run.appendStream("tail", "old");
    const response = await read(run.id, "tail", { "x-trigger-stream-start": "latest", "timeout-seconds": "1" });
    setTimeout(() => {
      run.appendStream("tail", "new");
      run.complete();
    }, 50);
    expect((await readSse(response)).filter((e) => e.data).map((event) => JSON.parse(event.data!))).toEqual(["new"]);
  });

  it("sends : ping comments while quiet and closes after Timeout-Seconds without data", async () => {
    const run = dev.server.createRun({});
    run.start();
    const started = Date.now();
    const events = await readSse(await read(run.id, "quiet", { "timeout-seconds": "1" }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(3000);
    expect(events.filter((event) => event.comment === "ping").length).toBeGreaterThanOrEqual(2);
  });

  it("keeps a stream open while data keeps arriving, then closes after the quiet period", async () => {
    const run = dev.server.createRun({});
    run.start();
    const response = await read(run.id, "busy", { "timeout-seconds": "1" });
    const timer = setInterval(() => run.appendStream("busy", Date.now()), 300);
    setTimeout(() => clearInterval(timer), 1500);
    const started = Date.now();
    const events = (await readSse(response)).filter((event) => event.data);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(events.length).toBeGreaterThanOrEqual(4);
  });

  it("sends the headers before any data exists", async () => {
    const run = dev.server.createRun({});
    run.start();
    // fetch resolves once the headers arrive: with no data yet, only an immediate flush gets them here.
    const response = await read(run.id, "empty");
    expect(response.status).toBe(200);
    expect(dev.server.stats().openStreams).toBeGreaterThanOrEqual(1);
    await response.body!.cancel();
  });

  it("reads Timeout-Seconds as the webapp does: negative or over 600 refused in plain text, unreadable or 0 the default", async () => {
    const run = dev.server.createRun({});
    const cases: Array<[string, string]> = [
      ["-5", "Timeout seconds must be greater than 0"],
      ["601", "Timeout seconds must be less than 600"],
    ];
    for (const [value, message] of cases) {
      const response = await read(run.id, "x", { "timeout-seconds": value });
      expect(response.status, value).toBe(400);
      expect(await response.text()).toBe(message);
    }
    for (const value of ["abc", "", "0", "1.5"]) {
      const response = await read(run.id, "x", { "timeout-seconds": value });
      expect(response.status, value).toBe(200);
      await response.body!.cancel();
    }
  });

  it("checks auth like the run feed: 401, 404 before scopes, then 403", async () => {
    const run = dev.server.createRun({ tags: ["stream-tag"] });
    run.complete();
    expect((await read(run.id, "x", {}, "")).status).toBe(401);
    const stranger = await dev.server.createPublicToken({ scopes: ["read:runs:run_other"] });
    const missing = await read("run_missing", "x", {}, stranger);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "Not found" });
    expect((await read(run.id, "x", {}, stranger)).status).toBe(403);
    for (const scopes of [[`read:runs:${run.id}`], ["read:tags:stream-tag"], ["read:tasks:manual"], ["read:runs"]]) {
      const response = await read(run.id, "x", {}, await dev.server.createPublicToken({ scopes }));
      expect(response.status, scopes.join()).toBe(200);
      await response.body!.cancel();
    }
  });
});

describe("writing a stream", () => {
  it("creates a v1 stream, ingests NDJSON live (parts visible before the body ends) and answers the resume probe", async () => {
    const run = dev.server.createRun({});
    run.start();
    const url = `${dev.server.url}/realtime/v1/streams/${run.id}/self/live`;
    const created = await fetch(url, { method: "PUT", headers: secret() });
    expect(created.status).toBe(202);
    expect(await created.json()).toEqual({ version: "v1" });
    expect(created.headers.has("x-s2-access-token")).toBe(false);

    const reader = await read(run.id, "live");
    const received = readSse(reader, (events) => events.filter((event) => event.data).length >= 2);
    // A chunked upload that stays open, like the SDK's writer.
    const upload = request(url, { method: "POST", headers: { ...secret(), "x-client-id": "abcd1234", "x-resume-from-chunk": "0" } });
    const uploaded = new Promise<number>((resolve) => upload.on("response", (response) => resolve(response.statusCode!)));
    upload.write(`${JSON.stringify({ n: 1 })}\n`);
    upload.write(`${JSON.stringify({ n: 2 })}\n${JSON.stringify("three")}`);
    const events = (await received).filter((event) => event.data);
    expect(events.slice(0, 2).map((event) => JSON.parse(event.data!))).toEqual([{ n: 1 }, { n: 2 }]);
    upload.end("\n");
    expect(await uploaded).toBe(200);

    const probe = await fetch(url, { method: "HEAD", headers: { ...secret(), "x-client-id": "abcd1234" } });
    expect(probe.headers.get("x-last-chunk-index")).toBe("2");
    const unknownWriter = await fetch(url, { method: "HEAD", headers: { ...secret(), "x-client-id": "ffff0000" } });
    expect(unknownWriter.headers.get("x-last-chunk-index")).toBe("-1");
    // Resuming from chunk 3 continues the writer's numbering.
    await fetch(url, { method: "POST", headers: { ...secret(), "x-client-id": "abcd1234", "x-resume-from-chunk": "3" }, body: '"four"\n' });
    expect((await fetch(url, { method: "HEAD", headers: { ...secret(), "x-client-id": "abcd1234" } })).headers.get("x-last-chunk-index")).toBe("3");
    expect(dev.server.getRun(run.id)!.realtimeStreams).toEqual(["live"]);
  });

  it("appends raw text parts as JSON strings, adds the key to realtimeStreams and bumps updatedAt", async () => {
    const run = dev.server.createRun({});
    run.start();
    const before = dev.server.getRun(run.id)!.updatedAt;
    const url = `${dev.server.url}/realtime/v1/streams/${run.id}/self/notes/append`;
    const appended = await fetch(url, { method: "POST", headers: secret(), body: "plain text" });
    expect(await appended.json()).toEqual({ ok: true });
    const state = dev.server.getRun(run.id)!;
    expect(state.realtimeStreams).toEqual(["notes"]);
    expect(state.updatedAt).toBeGreaterThan(before);
    const row = await shape(`${dev.server.url}/realtime/v1/runs/${run.id}?offset=-1`, dev.readToken);
    expect(row.body[0].value.realtimeStreams).toBe("{notes}");
    run.complete();
    const events = await readSse(await read(run.id, "notes"), (received) => received.some((event) => event.data));
    expect(events.filter((event) => event.data).map((event) => JSON.parse(event.data!))).toEqual(["plain text"]);
  });

  it("refuses public tokens, unknown runs and targets, completed runs, bad resume headers and oversized appends", async () => {
    const run = dev.server.createRun({});
    const base = `${dev.server.url}/realtime/v1/streams/${run.id}`;
    const token = await dev.server.createPublicToken({ scopes: ["admin"] });
    const jwt = await fetch(`${base}/self/k`, { method: "PUT", headers: bearer(token) });
    expect(jwt.status).toBe(401);
    expect(await jwt.json()).toEqual({ error: "Invalid API key" });
    const missing = await fetch(`${dev.server.url}/realtime/v1/streams/run_nope/self/k`, { method: "PUT", headers: secret() });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("Run not found");
    expect((await fetch(`${base}/sibling/k`, { method: "PUT", headers: secret() })).status).toBe(404);
    expect((await fetch(`${base}/self/k`, { method: "POST", headers: { ...secret(), "x-resume-from-chunk": "-1" }, body: "1\n" })).status).toBe(400);
    const tooBig = await fetch(`${base}/self/k/append`, { method: "POST", headers: secret(), body: "x".repeat(512 * 1024 + 1) });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ error: "Request body too large" });
    run.complete();
    expect((await fetch(`${base}/self/k`, { method: "PUT", headers: secret() })).status).toBe(400);
  });
});

it("closes open streams promptly when the server closes", async () => {
  const server = await startDevServer({ port: 0 });
  const run = server.createRun({});
  run.start();
  const response = await fetch(`${server.url}/realtime/v1/streams/${run.id}/k`, { headers: bearer(server.secretKey) });
  const reading = readSse(response).catch(() => "ended");
  const started = Date.now();
  await server.close();
  await reading;
  expect(Date.now() - started).toBeLessThan(1000);
  expect(server.stats().openStreams).toBe(0);
});
