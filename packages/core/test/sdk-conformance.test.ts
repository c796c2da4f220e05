import { configure, runs as officialRuns } from "@trigger.dev/sdk";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eventually, REALTIME_MODES, recordingFetch, serverOptionsFor, useDevServer } from "@trigger-realtime/test-support";
import { createRealtimeClient, subscribeToBatch, subscribeToRun, subscribeToRunsWithTag, type AnyRealtimeRun } from "../src/index.js";

// The official SDK (4.8.3) and our iterators follow the same runs on the dev server, once per
// realtime mode Cloud has (both run-feed backends × both stream versions): they must see the
// same statuses in the same order, end with the same runs field for field, and list the same
// runs in tag and batch feeds. Stream parts in every mode: conformance-streams.test.ts.

const OFFLOAD_THRESHOLD = 64 * 1024;
type Run = AnyRealtimeRun;

/** Every run an iteration yields, in order, until `stop()` or its end. */
function collect(iterable: AsyncIterable<unknown>, stop: () => void) {
  const seen: Run[] = [];
  const done = (async () => {
    for await (const run of iterable) seen.push(run as Run);
  })();
  return { seen, done, stop };
}

const statuses = (seen: Run[]) => seen.map((run) => run.status).filter((status, index, all) => index === 0 || all[index - 1] !== status);
const latestById = (seen: Run[]) => new Map(seen.map((run) => [run.id, run]));
const byId = (map: Map<string, Run>) => [...map.values()].sort((a, b) => a.id.localeCompare(b.id));

describe.each(REALTIME_MODES)("the official SDK and ours, $name", (mode) => {
  const dev = useDevServer({ server: { ...serverOptionsFor(mode), offloadThreshold: OFFLOAD_THRESHOLD } });
  const recording = recordingFetch();
  const stops: Array<() => void> = [];
  let client: ReturnType<typeof createRealtimeClient>;

  beforeAll(() => {
    configure({ baseURL: dev.baseURL, accessToken: dev.server.secretKey });
    client = createRealtimeClient({ baseURL: dev.baseURL, accessToken: dev.server.secretKey, fetch: recording.fetch });
  });
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    vi.restoreAllMocks();
  });

  /** Both implementations following one run. */
  function followRun(runId: string) {
    const official = officialRuns.subscribeToRun(runId);
    const ours = subscribeToRun(client, runId);
    const pair = {
      official: collect(official, () => official.unsubscribe()),
      ours: collect(ours, () => void ours.return?.()),
    };
    stops.push(pair.official.stop, pair.ours.stop);
    return pair;
  }

  /** Waits until the latest state each has seen satisfies `check`. */
  const bothSee = (pair: ReturnType<typeof followRun>, check: (run: Run) => boolean, what: string) =>
    eventually(() => [pair.official.seen.at(-1), pair.ours.seen.at(-1)].every((run) => run && check(run)), 15_000, what);

  it("see every status of a run in the same order and end with the same run", async () => {
    const run = dev.server.createRun({ taskIdentifier: "conformance", payload: { n: 1, at: new Date("2025-07-16T10:00:00.5Z") }, tags: ["conformance", "a b"] });
    const pair = followRun(run.id);
    await bothSee(pair, (state) => state.status === "QUEUED", "QUEUED");
    run.dequeue();
    await bothSee(pair, (state) => state.status === "DEQUEUED", "DEQUEUED");
    expect(dev.server.getRun(run.id)!.realtimeStreamsVersion).toBe(mode.streams);
    run.start();
    await bothSee(pair, (state) => state.status === "EXECUTING", "EXECUTING");
    // A stream of the mode's version: its key joins the run's row.
    run.appendStream("progress", { step: 1 });
    run.setMetadata({ progress: 50 });
    await bothSee(pair, (state) => state.metadata?.progress === 50, "metadata");
    run.waiting();
    await bothSee(pair, (state) => state.status === "WAITING", "WAITING");
    run.start();
    await bothSee(pair, (state) => state.status === "EXECUTING", "EXECUTING again");
    run.complete({ ok: true, at: new Date("2025-07-16T10:00:01Z") });
    await Promise.all([pair.official.done, pair.ours.done]);

    expect(statuses(pair.ours.seen)).toEqual(statuses(pair.official.seen));
    expect(statuses(pair.official.seen)).toEqual(["QUEUED", "DEQUEUED", "EXECUTING", "WAITING", "EXECUTING", "COMPLETED"]);
    expect(pair.ours.seen.at(-1)).toStrictEqual(pair.official.seen.at(-1));
    expect(pair.ours.seen.at(-1)).toMatchObject({ output: { ok: true }, metadata: { progress: 50 }, tags: ["conformance", "a b"] });
  });

  it("list the same runs of a tag feed, each with the same statuses and final state", async () => {
    const tag = `conformance_${mode.backend}_${mode.streams}_${Math.random().toString(36).slice(2)}`;
    const controllers = [1, 2, 3].map((index) => dev.server.createRun({ taskIdentifier: "conformance", payload: { index }, tags: [tag] }));
    const official = officialRuns.subscribeToRunsWithTag(tag);
    const ours = subscribeToRunsWithTag(client, tag);
    const pair = { official: collect(official, () => official.unsubscribe()), ours: collect(ours, () => void ours.return?.()) };
    stops.push(pair.official.stop, pair.ours.stop);
    const all = (check: (run: Run) => boolean) => (seen: Run[]) => controllers.every((controller) => seen.some((run) => run.id === controller.id && check(run)));
    const bothList = (check: (run: Run) => boolean, what: string) => eventually(() => all(check)(pair.official.seen) && all(check)(pair.ours.seen), 15_000, what);

    await bothList((run) => run.status === "QUEUED", "every run queued");
    controllers.forEach((controller) => controller.start());
    await bothList((run) => run.status === "EXECUTING", "every run executing");
    controllers.forEach((controller, index) => controller.complete({ index }));
    await bothList((run) => run.status === "COMPLETED", "every run completed");

    expect(byId(latestById(pair.ours.seen))).toStrictEqual(byId(latestById(pair.official.seen)));
    for (const controller of controllers) {
      const own = (seen: Run[]) => statuses(seen.filter((run) => run.id === controller.id));
      expect(own(pair.ours.seen)).toEqual(own(pair.official.seen));
    }
  });

  it("list the same runs of a batch", async () => {
    const batch = dev.server.createBatch(2);
    const controllers = [1, 2].map((index) => dev.server.createRun({ taskIdentifier: "conformance", payload: { index }, batchId: batch.id }));
    const official = officialRuns.subscribeToBatch(batch.id);
    const ours = subscribeToBatch(client, batch.id);
    const pair = { official: collect(official, () => official.unsubscribe()), ours: collect(ours, () => void ours.return?.()) };
    stops.push(pair.official.stop, pair.ours.stop);
    const done = (seen: Run[]) => controllers.every((controller) => seen.some((run) => run.id === controller.id && run.status === "COMPLETED"));
    await eventually(() => pair.official.seen.length > 0 && pair.ours.seen.length > 0, 15_000, "the batch");
    controllers.forEach((controller, index) => controller.complete({ index }));
    await eventually(() => done(pair.official.seen) && done(pair.ours.seen), 15_000, "every run of the batch completed");
    expect(byId(latestById(pair.ours.seen))).toStrictEqual(byId(latestById(pair.official.seen)));
    expect(byId(latestById(pair.ours.seen)).map((run) => run.id)).toEqual(controllers.map((controller) => controller.id).sort());
  });

  it("read an offloaded output through the run-scoped packet route", async () => {
    const spy = vi.spyOn(globalThis, "fetch");
    const big = "o".repeat(OFFLOAD_THRESHOLD + 1);
    const run = dev.server.createRun({ taskIdentifier: "conformance" });
    run.complete({ big });
    expect(dev.server.getRun(run.id)!.output!.dataType).toBe("application/store");
    const pair = followRun(run.id);
    await Promise.all([pair.official.done, pair.ours.done]);
    expect(pair.ours.seen.at(-1)).toStrictEqual(pair.official.seen.at(-1));
    expect((pair.ours.seen.at(-1)!.output as { big: string }).big).toBe(big);
    const scoped = `/api/v1/runs/${run.id}/packets/output`;
    const urls = (list: string[]) => list.filter((url) => url.includes("/packets/"));
    expect(urls(recording.urls).filter((url) => url.includes(run.id))).toEqual([`${dev.baseURL}${scoped}`]);
    const officialUrls = urls(spy.mock.calls.map(([input]) => (typeof input === "string" ? input : input instanceof URL ? input.href : input.url)));
    expect(officialUrls.some((url) => url.endsWith(scoped))).toBe(true);
    expect(officialUrls.some((url) => url.includes("/api/v1/packets/"))).toBe(false);
  });

  it("read an output with a Buffer, a Date, a Map and a bigint (the SDK's superjson)", async () => {
    const { id } = await dev.server.trigger("types", { text: "bytes", delayMs: 1 });
    const pair = followRun(id);
    await Promise.all([pair.official.done, pair.ours.done]);
    const [official, ours] = [pair.official.seen.at(-1)!, pair.ours.seen.at(-1)!];
    expect(ours).toStrictEqual(official);
    const output = ours.output as { buffer: Buffer; date: Date; map: Map<string, number>; big: bigint };
    expect(Buffer.isBuffer(output.buffer)).toBe(true);
    expect(output.buffer.toString()).toBe("bytes");
    expect(output.date).toEqual(new Date(Date.UTC(2025, 6, 16, 10)));
    expect(output.map.get("answer")).toBe(42);
    expect(output.big).toBe(2n ** 70n);
  });
});
