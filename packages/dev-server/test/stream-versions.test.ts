import { describe, expect, it } from "vitest";
import { useDevServer } from "@trigger-realtime/test-support";
import { defineTask, startDevServer } from "../src/index.js";
import { bearer, readSse, type SseEvent } from "./support.js";

// The run's stream version decides the framing: v1 (Redis) or v2 (S2), as on Cloud.

const parts = defineTask<{ count: number }>({
  id: "parts",
  run({ count }, ctx) {
    for (let n = 0; n < count; n++) ctx.streams.append("numbers", { n });
    return { count };
  },
});

const dev = useDevServer({ server: { keepAliveMs: 300, tasks: [parts] } });
const read = (runId: string, key: string, headers: Record<string, string> = {}) =>
  fetch(`${dev.server.url}/realtime/v1/streams/${runId}/${key}`, { headers: { ...bearer(dev.readToken), accept: "text/event-stream", ...headers } });
const quick = { "timeout-seconds": "1" };

interface S2Batch {
  records: Array<{ seq_num: number; timestamp: number; headers: unknown[]; body: string }>;
  tail: { seq_num: number; timestamp: number };
}

const batches = (events: SseEvent[]) => events.filter((event) => event.event === "batch").map((event) => JSON.parse(event.data!) as S2Batch);
const chunksOf = (events: SseEvent[]) => batches(events).flatMap((batch) => batch.records.map((record) => (JSON.parse(record.body) as { data: unknown }).data));
const v1Chunks = (events: SseEvent[]) => events.filter((event) => event.data !== undefined).map((event) => JSON.parse(event.data!));

const trigger = (headers: Record<string, string>, count = 3) =>
  fetch(`${dev.server.url}/api/v1/tasks/parts/trigger`, {
    method: "POST",
    headers: { ...bearer(dev.server.secretKey), "content-type": "application/json", ...headers },
    body: JSON.stringify({ payload: JSON.stringify({ count }), options: { payloadType: "application/json" } }),
  });

describe("the version a trigger asks for", () => {
  it("is v2 only for x-trigger-realtime-streams-version: v2; anything else or nothing is v1, the webapp's default", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ "x-trigger-realtime-streams-version": "v2" }, "v2"],
      [{ "x-trigger-realtime-streams-version": "v1" }, "v1"],
      [{ "x-trigger-realtime-streams-version": "v3" }, "v1"],
      [{}, "v1"],
    ];
    for (const [headers, version] of cases) {
      const answer = await trigger(headers);
      expect(answer.status).toBe(200);
      const { id } = (await answer.json()) as { id: string };
      expect(dev.server.getRun(id)!.realtimeStreamsVersion, JSON.stringify(headers)).toBe(version);
    }
  });

  it("tells the task side the run's version, without S2 credentials (so the SDK's writer sends NDJSON here)", async () => {
    for (const version of ["v1", "v2"] as const) {
      const run = dev.server.createRun({ realtimeStreamsVersion: version });
      const created = await fetch(`${dev.server.url}/realtime/v1/streams/${run.id}/self/numbers`, { method: "PUT", headers: bearer(dev.server.secretKey) });
      expect(created.status).toBe(202);
      expect(await created.json()).toEqual({ version });
      expect(created.headers.has("x-s2-access-token")).toBe(false);
    }
  });

  it("stamps the runs of a batch with the version its creation asked for", async () => {
    const created = await fetch(`${dev.server.url}/api/v3/batches`, {
      method: "POST",
      headers: { ...bearer(dev.server.secretKey), "content-type": "application/json", "x-trigger-realtime-streams-version": "v2" },
      body: JSON.stringify({ runCount: 1, taskIdentifiers: ["parts"] }),
    });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    const items = await fetch(`${dev.server.url}/api/v3/batches/${id}/items`, {
      method: "POST",
      headers: { ...bearer(dev.server.secretKey), "content-type": "application/ndjson" },
      body: `${JSON.stringify({ index: 0, task: "parts", payload: '{"count":1}', options: { payloadType: "application/json" } })}\n`,
    });
    expect(await items.json()).toMatchObject({ itemsAccepted: 1, sealed: true });
    const [runId] = await batchRuns(id);
    expect(dev.server.getRun(runId!)!.realtimeStreamsVersion).toBe("v2");
  });

  it("is the server's default for batches and runs made by hand, and a run made by hand joins its batch's version", async () => {
    const v2 = await startDevServer({ port: 0, realtimeStreamsDefaultVersion: "v2" });
    try {
      const batch = v2.createBatch(1);
      expect(v2.getRun(v2.createRun({ batchId: batch.id }).id)!.realtimeStreamsVersion).toBe("v2");
      expect(v2.getRun(v2.createRun({}).id)!.realtimeStreamsVersion).toBe("v2");
      expect(v2.getRun(v2.createRun({ batchId: batch.id, realtimeStreamsVersion: "v1" }).id)!.realtimeStreamsVersion).toBe("v1");
    } finally {
      await v2.close();
    }
    // A v2 batch on a v1 server: its hand-made runs are v2 too.
    const created = await fetch(`${dev.server.url}/api/v3/batches`, {
      method: "POST",
      headers: { ...bearer(dev.server.secretKey), "content-type": "application/json", "x-trigger-realtime-streams-version": "v2" },
      body: JSON.stringify({ runCount: 1, taskIdentifiers: ["parts"] }),
    });
    const { id } = (await created.json()) as { id: string };
    expect(dev.server.getRun(dev.server.createRun({ batchId: id }).id)!.realtimeStreamsVersion).toBe("v2");
  });

  it("starts one run for retries of one call (same x-trigger-request-idempotency-key)", async () => {
    const key = crypto.randomUUID();
    const first = (await (await trigger({ "x-trigger-request-idempotency-key": key })).json()) as { id: string };
    const retry = await trigger({ "x-trigger-request-idempotency-key": key });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ id: first.id, isCached: false });
    expect(retry.headers.get("x-trigger-jwt")).toBeTruthy();
    const other = (await (await trigger({ "x-trigger-request-idempotency-key": crypto.randomUUID() })).json()) as { id: string };
    expect(other.id).not.toBe(first.id);
  });

  it("takes the idempotency-key header as the run's idempotency key", async () => {
    const key = `header-${crypto.randomUUID()}`;
    const first = (await (await trigger({ "idempotency-key": key })).json()) as { id: string; isCached: boolean };
    const again = (await (await trigger({ "idempotency-key": key })).json()) as { id: string; isCached: boolean };
    expect(first.isCached).toBe(false);
    expect(again).toEqual({ id: first.id, isCached: true });
  });
});

/** Run ids of a batch, from its feed. */
async function batchRuns(batchId: string): Promise<string[]> {
  const response = await fetch(`${dev.server.url}/realtime/v1/batches/${batchId}?offset=-1`, {
    headers: { ...bearer(dev.readToken), "x-trigger-electric-version": "1.0.0-beta.1" },
  });
  const body = (await response.json()) as Array<{ value?: { friendlyId: string } }>;
  return body.flatMap((message) => (message.value ? [message.value.friendlyId] : []));
}

describe("v2 (S2) framing", () => {
  it("sends batch events of records with seq_num and the writer's envelope, X-Stream-Version: v2, ping events without data, and ends with done after the wait", async () => {
    const run = dev.server.createRun({ realtimeStreamsVersion: "v2" });
    run.start();
    run.appendStream("text", "Hello");
    run.appendStream("text", { token: " world" });
    const response = await read(run.id, "text", quick);
    expect(response.headers.get("x-stream-version")).toBe("v2");
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    let completedAt = 0;
    setTimeout(() => {
      run.appendStream("text", "!");
      run.complete();
      completedAt = Date.now();
    }, 50);
    const events = await readSse(response);
    expect(Date.now() - completedAt).toBeGreaterThanOrEqual(900);
    expect(chunksOf(events)).toEqual(["Hello", { token: " world" }, "!"]);
    const records = batches(events).flatMap((batch) => batch.records);
    expect(records.map((record) => record.seq_num)).toEqual([0, 1, 2]);
    for (const record of records) {
      expect(record.headers).toEqual([]);
      expect(Object.keys(JSON.parse(record.body))).toEqual(["data", "id"]);
    }
    expect(batches(events).at(-1)!.tail.seq_num).toBe(3);
    const pings = events.filter((event) => event.event === "ping");
    expect(pings.length).toBeGreaterThanOrEqual(2);
    expect(pings.every((ping) => ping.data === undefined)).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: "done" });
  });

  it("resumes at Last-Event-ID + 1 (a seq_num), clamped to the tail", async () => {
    const run = dev.server.createRun({ realtimeStreamsVersion: "v2" });
    for (const letter of ["a", "b", "c", "d"]) run.appendStream("letters", letter);
    const letters = async (lastEventId: string) => chunksOf(await readSse(await read(run.id, "letters", { ...quick, "last-event-id": lastEventId })));
    const [after1, afterTail, beyond, redisStyle] = await Promise.all([letters("1"), letters("3"), letters("99"), letters("0-5")]);
    expect(after1).toEqual(["c", "d"]);
    expect(afterTail).toEqual([]);
    expect(beyond).toEqual([]);
    expect(redisStyle).toEqual(["b", "c", "d"]);
  });

  it("puts at most 1,000 records in one batch event", async () => {
    const run = dev.server.createRun({ realtimeStreamsVersion: "v2" });
    for (let n = 0; n < 2500; n++) run.appendStream("many", n);
    const events = await readSse(await read(run.id, "many"), (received) => chunksOf(received).length >= 2500);
    expect(batches(events).map((batch) => batch.records.length)).toEqual([1000, 1000, 500]);
  });
});

describe("stream faults for tests", () => {
  it("v2: injectStreamError sends S2's error event at the record, once; a reader resuming with Last-Event-ID gets the rest", async () => {
    const run = dev.server.createRun({ realtimeStreamsVersion: "v2" });
    for (let n = 0; n < 10; n++) run.appendStream("numbers", n);
    dev.server.injectStreamError(run.id, "numbers", 6);
    const fired = dev.server.stats().streamFaultsFired;
    const first = await readSse(await read(run.id, "numbers", quick));
    expect(dev.server.stats().streamFaultsFired).toBe(fired + 1);
    expect(chunksOf(first)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(first.at(-1)!.event).toBe("error");
    const last = batches(first).at(-1)!.records.at(-1)!.seq_num;
    const rest = await readSse(await read(run.id, "numbers", { ...quick, "last-event-id": String(last) }));
    expect(chunksOf(rest)).toEqual([6, 7, 8, 9]);
    expect(rest.some((event) => event.event === "error")).toBe(false);
  });

  it("v2: an error armed beyond the end fires when a live reader reaches it", async () => {
    const run = dev.server.createRun({ realtimeStreamsVersion: "v2" });
    run.start();
    dev.server.injectStreamError(run.id, "live", 2);
    const reading = read(run.id, "live", quick).then(readSse);
    for (let n = 0; n < 4; n++) run.appendStream("live", n);
    const events = await reading;
    expect(chunksOf(events)).toEqual([0, 1]);
    expect(events.at(-1)!.event).toBe("error");
  });

  it("v1: cutStream ends the connection abruptly right before the record, once", async () => {
    const run = dev.server.createRun({ realtimeStreamsVersion: "v1" });
    for (let n = 0; n < 10; n++) run.appendStream("numbers", n);
    dev.server.cutStream(run.id, "numbers", 4);
    const received: SseEvent[] = [];
    const cut = await readSse(await read(run.id, "numbers", quick), (events) => {
      received.splice(0, received.length, ...events);
      return false;
    }).then(
      () => "clean end",
      () => "cut",
    );
    expect(cut).toBe("cut");
    expect(v1Chunks(received)).toEqual([0, 1, 2, 3]);
    const rest = await readSse(await read(run.id, "numbers", { ...quick, "last-event-id": received.at(-1)!.id! }));
    expect(v1Chunks(rest)).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it("v2: cutStream cuts too (no error event)", async () => {
    const run = dev.server.createRun({ realtimeStreamsVersion: "v2" });
    for (let n = 0; n < 5; n++) run.appendStream("numbers", n);
    dev.server.cutStream(run.id, "numbers", 0);
    const outcome = await readSse(await read(run.id, "numbers", quick)).then(
      (events) => `clean end with ${events.length} events`,
      () => "cut",
    );
    expect(outcome).toBe("cut");
  });
});
