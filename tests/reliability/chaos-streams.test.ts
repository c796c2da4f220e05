import { runWithStreamsStore, streamStore, subscribeToStream, type RunWithStreamsState, type StreamState } from "@trigger-realtime/core";
import { afterAll, describe, expect, it } from "vitest";
import { createRandom, expectNoOpenConnections, realtimeModes, seedFor, serverOptionsFor, sleep, waitForState } from "@trigger-realtime/test-support";
import { useLab } from "./support/dev.js";
import { reportFigures } from "./support/figures.js";

// Streams written part by part while their SSE connections are reset, stalled, answered with
// 502/503, delayed and cut at random bytes (mid-event included), the server cuts streams at
// given parts, sends S2 error events mid-stream (v2), drops every connection and restarts
// (connections refused while it is down) a few times. Readers resume with Last-Event-ID: every
// part must arrive exactly once, in order. Once in each stream version (v1 Redis, v2 S2) on the
// Electric backend, and with v2 streams (what the official SDK triggers) on the native one, whose
// run feeds runWithStreamsStore follows; the server never ends a stream because its run finished.

const seed = seedFor("chaos-streams");
const FAULTS = { reset: 0.08, stall: 0.04, gateway: 0.08, cut: 0.25, delay: 0.1 };
const MODES = realtimeModes("electric × v1", "electric × v2", "native × v2");

const RUNS = 4;
const KEYS = ["text", "events"] as const;
const PARTS = 400;

type Part = { run: number; key: string; n: number };

/** Plain stream readers end after this many quiet seconds (the server closes; the run finishing does not). */
const QUIET_SECONDS = 5;

const newTotals = () => ({ expected: 0, received: 0, lost: 0, doubled: 0, outOfOrder: 0, readers: 0, drops: 0, rotations: 0, restarts: 0, cuts: 0, errorEvents: 0, serverFaultsFired: 0, streamRequests: 0, proxyFaults: 0 });
type Totals = ReturnType<typeof newTotals>;
const totalsByMode = new Map(MODES.map((mode) => [mode.name, newTotals()]));

/** Compares what a reader got with what was written; counts lost, doubled and out-of-order parts. */
function audit(totals: Totals, received: unknown[], expected: Part[]) {
  const counts = new Map<string, number>();
  for (const part of received) {
    const key = JSON.stringify(part);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let lost = 0;
  let doubled = 0;
  for (const part of expected) {
    const count = counts.get(JSON.stringify(part)) ?? 0;
    if (count === 0) lost++;
    if (count > 1) doubled += count - 1;
  }
  let outOfOrder = 0;
  for (let index = 1; index < received.length; index++) {
    if ((received[index] as Part).n <= (received[index - 1] as Part).n) outOfOrder++;
  }
  totals.expected += expected.length;
  totals.received += received.length;
  totals.lost += lost;
  totals.doubled += doubled;
  totals.outOfOrder += outOfOrder;
  totals.readers++;
  return { lost, doubled, outOfOrder };
}

afterAll(() => {
  for (const [mode, totals] of totalsByMode) {
    if (totals.readers === 0) continue;
    reportFigures(`stream parts under faults, ${mode}`, [
      ["streams × parts", `${RUNS * KEYS.length} × ${PARTS} = ${RUNS * KEYS.length * PARTS} parts written`],
      ["readers", `${totals.readers} (streamStore, runWithStreamsStore, subscribeToStream)`],
      ["SSE requests through the proxy", totals.streamRequests],
      ["proxy faults injected and survived", `${totals.proxyFaults} (reset, stall, 5xx, cut at random bytes, delay)`],
      ["server stream cuts / S2 error events armed; fired", `${totals.cuts} / ${totals.errorEvents}; ${totals.serverFaultsFired}`],
      ["server connection drops / shape rotations / restarts", `${totals.drops} / ${totals.rotations} / ${totals.restarts}`],
      ["parts expected / received", `${totals.expected} / ${totals.received}`],
      ["parts lost", totals.lost],
      ["parts doubled", totals.doubled],
      ["parts out of order", totals.outOfOrder],
    ]);
  }
});

describe.each(MODES)("stream reads under network faults, $name", (mode) => {
  const version = mode.streams;
  const lab = useLab({ seed, faults: FAULTS, kinds: ["stream", "shape"], maxStallMs: 1_200 }, serverOptionsFor(mode));

  it("every part of every stream arrives exactly once, in order", async () => {
    const totals = totalsByMode.get(mode.name)!;
    const random = createRandom(seed);
    const { server } = lab;
    const client = lab.client(await lab.token(["read:all"]));
    const requestsBefore = lab.proxy.log.filter((entry) => entry.kind === "stream").length;
    const faultsBefore = lab.proxy.faultsInjected();
    const serverFaultsBefore = server.stats().streamFaultsFired;
    lab.proxy.setFaults(FAULTS);
    const controllers = Array.from({ length: RUNS }, (_, run) => server.createRun({ taskIdentifier: "chaos-stream", payload: { run }, realtimeStreamsVersion: version }));
    for (const controller of controllers) controller.start();
    // Every stream has its first part before readers arrive, so the run feed knows its keys.
    const written = new Map<string, Part[]>();
    const write = (run: number, key: string) => {
      const parts = written.get(`${run}/${key}`) ?? [];
      const part = { run, key, n: parts.length };
      parts.push(part);
      written.set(`${run}/${key}`, parts);
      controllers[run]!.appendStream(key, part);
    };
    for (let run = 0; run < RUNS; run++) for (const key of KEYS) write(run, key);

    const quiet = { timeoutInSeconds: QUIET_SECONDS };
    const streamStores = controllers.flatMap((controller) => KEYS.map((key) => ({ key, run: controllers.indexOf(controller), store: streamStore<Part>(client, controller.id, key, quiet) })));
    const withStreams = controllers.map((controller) => runWithStreamsStore(client, controller.id));
    const listeners = [...streamStores.map(({ store }) => store.listen(() => {})), ...withStreams.map((store) => store.listen(() => {}))];
    const iterated: Part[] = [];
    const iterating = (async () => {
      for await (const part of subscribeToStream<Part>(client, controllers[0]!.id, "text", quiet)) iterated.push(part);
    })();

    const remaining = () => [...Array(RUNS).keys()].flatMap((run) => KEYS.map((key) => ({ run, key }))).filter(({ run, key }) => (written.get(`${run}/${key}`)?.length ?? 0) < PARTS);
    let step = 0;
    const restarts: Promise<void>[] = [];
    for (let open = remaining(); open.length > 0; open = remaining()) {
      const { run, key } = random.pick(open);
      const burst = random.int(1, 6);
      for (let i = 0; i < burst && (written.get(`${run}/${key}`)?.length ?? 0) < PARTS; i++) write(run, key);
      step++;
      if (step % 120 === 60) {
        server.dropConnections();
        totals.drops++;
      }
      if (step % 120 === 100) {
        // The run feeds of runWithStreamsStore start over (409) while their streams go on.
        server.rotateShapes();
        totals.rotations++;
      }
      if (step % 240 === 180) {
        // Writers go on while the API is down; readers resume once it is back.
        restarts.push(server.restart({ downMs: 400 }));
        totals.restarts++;
      }
      if (step % 40 === 20) {
        // The server itself fails reads a few parts ahead of what is written: a cut, or S2's error event.
        const at = (written.get(`${run}/${key}`)?.length ?? 0) + random.int(0, 3);
        if (version === "v2" && random.chance(0.5)) {
          server.injectStreamError(controllers[run]!.id, key, at);
          totals.errorEvents++;
        } else {
          server.cutStream(controllers[run]!.id, key, at);
          totals.cuts++;
        }
      }
      if (random.chance(0.4)) await sleep(random.int(2, 20));
    }
    for (const controller of controllers) controller.complete({ done: true });
    await Promise.all(restarts);

    for (const { run, key, store } of streamStores) {
      const state: StreamState<Part> = await waitForState(store, (s) => s.status === "complete" || s.status === "error", 90_000, `stream ${run}/${key} to end`);
      expect(state.status, `stream ${run}/${key}: ${state.error?.message}`).toBe("complete");
      const result = audit(totals, state.parts, written.get(`${run}/${key}`)!);
      expect(result, `stream ${run}/${key}`).toEqual({ lost: 0, doubled: 0, outOfOrder: 0 });
      expect(state.parts).toEqual(written.get(`${run}/${key}`));
    }
    for (const [run, store] of withStreams.entries()) {
      const state: RunWithStreamsState = await waitForState(store, (s) => s.status === "complete" || s.status === "error", 90_000, `run ${run} with streams to end`);
      expect(state.status, state.error?.message).toBe("complete");
      expect(state.run?.status).toBe("COMPLETED");
      for (const key of KEYS) {
        const parts = (state.streams as Record<string, unknown[]>)[key] ?? [];
        expect(audit(totals, parts, written.get(`${run}/${key}`)!), `run ${run} stream ${key}`).toEqual({ lost: 0, doubled: 0, outOfOrder: 0 });
      }
    }
    await iterating;
    expect(audit(totals, iterated, written.get("0/text")!)).toEqual({ lost: 0, doubled: 0, outOfOrder: 0 });

    // The network really was hostile to the streams.
    const ofThisRun = lab.proxy.log.filter((entry) => entry.kind === "stream").slice(requestsBefore);
    totals.streamRequests = ofThisRun.length;
    totals.proxyFaults = lab.proxy.faultsInjected() - faultsBefore;
    totals.serverFaultsFired = server.stats().streamFaultsFired - serverFaultsBefore;
    expect(ofThisRun.filter((entry) => entry.fault === "cut").length).toBeGreaterThanOrEqual(10);
    expect(ofThisRun.filter((entry) => entry.fault !== undefined && entry.fault !== "cut").length).toBeGreaterThanOrEqual(10);
    expect(totals.serverFaultsFired).toBeGreaterThanOrEqual(10);
    if (version === "v2") expect(totals.errorEvents).toBeGreaterThanOrEqual(3);
    expect(totals.lost).toBe(0);
    expect(totals.doubled).toBe(0);

    lab.proxy.setFaults({});
    for (const unlisten of listeners) unlisten();
    await expectNoOpenConnections(server, 8_000);
  });
});
