import { batchStore, onRunComplete, runsWithTagStore, runStore, type RunsState, type RunState } from "@trigger-realtime/core";
import { afterAll, describe, expect, it } from "vitest";
import { createRandom, expectNoOpenConnections, realtimeModes, seedFor, serverOptionsFor, sleep, waitForState } from "@trigger-realtime/test-support";
import { useLab } from "./support/dev.js";
import { reportFigures } from "./support/figures.js";

// Runs driven through many metadata updates while the network between client and API fails
// in every way the fault proxy knows, and the server restarts its shapes (409 must-refetch),
// drops every connection, and goes down and comes back (connections refused meanwhile), several
// times. Every run's final state must arrive, and no
// subscriber may ever see a run go back in time or a list hold a run twice. On both backends, with
// v2-stream runs (what the official SDK triggers), each writing a stream its row names.

const seed = seedFor("chaos-runs");
describe.each(realtimeModes("electric × v2", "native × v2"))("$name", (mode) => {
  const electric = mode.backend === "electric";
  const lab = useLab({ seed, faults: { reset: 0.06, stall: 0.03, gateway: 0.06, cut: 0.1, delay: 0.12 }, kinds: ["shape"], maxStallMs: 1_500 }, serverOptionsFor(mode));

  const RUNS = 12;
  const UPDATES = 40;
  const STATUS_ORDER = ["QUEUED", "EXECUTING", "COMPLETED"];

  const figures = { rotations: 0, drops: 0, restarts: 0, updates: 0, observedStates: 0, regressions: 0, duplicates: 0, finalRun: 0, finalTag: 0, finalBatch: 0, completions: 0, requestsAfterCompletion: -1 };

  afterAll(() => {
    const { faults, log } = lab.proxy;
    reportFigures(`runs under faults (metadata and status), ${mode.name}`, [
      ["runs × metadata updates", `${RUNS} × ${UPDATES} = ${figures.updates}`],
      ["subscriptions", `${RUNS} runStore + 1 runsWithTagStore + 1 batchStore`],
      ["shape requests through the proxy", log.filter((entry) => entry.kind === "shape").length],
      ["faults injected and survived", `${lab.proxy.faultsInjected()} (reset ${faults.reset}, stall ${faults.stall}, 5xx ${faults.gateway}, cut ${faults.cut}, delay ${faults.delay})`],
      [electric ? "server shape rotations (409)" : "server shape rotations (working sets lost, no 409)", figures.rotations],
      ["409 must-refetch answers", lab.proxy.count((entry) => entry.kind === "shape" && entry.status === 409)],
      ["server connection drops", figures.drops],
      ["server restarts (down 400 ms, new shape handles)", figures.restarts],
      ["states observed", figures.observedStates],
      ["final states arrived", `${figures.finalRun}/${RUNS} (runStore), ${figures.finalTag}/${RUNS} (tag), ${figures.finalBatch}/${RUNS} (batch)`],
      ["onComplete calls", `${figures.completions} for ${RUNS} runs`],
      ["run feed requests after completion", figures.requestsAfterCompletion],
      ["runs seen going back in time", figures.regressions],
      ["runs listed twice", figures.duplicates],
    ]);
  });

  type Observed = { seq: number; status: string };

  describe("run subscriptions under network faults and shape rotation", () => {
    it("deliver every run's final state, in order, with nothing doubled", async () => {
      const random = createRandom(seed);
      const { server } = lab;
      const token = await lab.token(["read:all"]);
      const client = lab.client(token);
      const tag = `chaos-${seed}`;
      const batch = server.createBatch(RUNS);
      const controllers = Array.from({ length: RUNS }, (_, index) =>
        server.createRun({ taskIdentifier: "chaos", payload: { index }, tags: [tag, `shard-${index % 3}`], batchId: batch.id }),
      );
      const ids = controllers.map((controller) => controller.id);

      // Every state each subscriber sees, checked as it arrives.
      const seen = new Map<string, Observed[]>();
      const observe = (source: string, runId: string, run: { status: string; metadata?: Record<string, unknown> } | undefined) => {
        if (!run) return;
        figures.observedStates++;
        const key = `${source}:${runId}`;
        const list = seen.get(key) ?? [];
        const current = { seq: Number(run.metadata?.seq ?? -1), status: run.status };
        const previous = list[list.length - 1];
        if (previous && (current.seq < previous.seq || STATUS_ORDER.indexOf(current.status) < STATUS_ORDER.indexOf(previous.status))) figures.regressions++;
        list.push(current);
        seen.set(key, list);
      };

      const runStores = ids.map((id) => runStore(client, id));
      const tagStore = runsWithTagStore(client, tag);
      const listOfBatch = batchStore(client, batch.id);
      const completions = new Map<string, number>();
      const unsubscribers = [
        ...runStores.map((store, index) => store.listen((state: RunState) => observe("run", ids[index]!, state.run))),
        ...runStores.map((store) => onRunComplete(store, (run) => completions.set(run.id, (completions.get(run.id) ?? 0) + 1))),
        ...[tagStore, listOfBatch].map((store, index) =>
          store.listen((state: RunsState) => {
            if (new Set(state.runs.map((run) => run.id)).size !== state.runs.length) figures.duplicates++;
            for (const run of state.runs) observe(index === 0 ? "tag" : "batch", run.id, run);
          }),
        ),
      ];

      await Promise.all(runStores.map((store) => waitForState(store, (state) => state.run !== undefined, 30_000, "each run's first snapshot")));
      for (const controller of controllers) {
        expect(server.getRun(controller.id)!.realtimeStreamsVersion).toBe(mode.streams);
        controller.start();
        controller.appendStream("log", { started: true });
      }

      // Metadata updates in random order across runs, with pauses, rotations and drops between them.
      const next = new Array<number>(RUNS).fill(0);
      const rotateAt = new Set([70, 190, 330]);
      const dropAt = new Set([130, 260, 420]);
      // Updates go on while the API is down, as they do in the database behind it.
      const restartAt = new Set([100, 300]);
      const restarts: Promise<void>[] = [];
      for (let step = 0; step < RUNS * UPDATES; step++) {
        let index = random.int(0, RUNS - 1);
        while (next[index]! >= UPDATES) index = (index + 1) % RUNS;
        next[index]!++;
        controllers[index]!.setMetadata({ seq: next[index], note: `update ${next[index]} of ${ids[index]}` });
        figures.updates++;
        if (rotateAt.has(step)) {
          server.rotateShapes();
          figures.rotations++;
        }
        if (dropAt.has(step)) {
          server.dropConnections();
          figures.drops++;
        }
        if (restartAt.has(step)) {
          restarts.push(server.restart({ downMs: 400 }));
          figures.restarts++;
        }
        if (random.chance(0.25)) await sleep(random.int(1, 25));
      }
      controllers.forEach((controller, index) => controller.complete({ index, seq: UPDATES }));
      await Promise.all(restarts);

      const finished = (run: { status: string; metadata?: Record<string, unknown>; output?: unknown; realtimeStreams: string[] } | undefined, index: number) =>
        run?.status === "COMPLETED" && run.metadata?.seq === UPDATES && (run.output as { index?: number } | undefined)?.index === index && run.realtimeStreams.includes("log");

      const finals = await Promise.all(runStores.map((store, index) => waitForState(store, (state) => state.status === "complete", 90_000, `run ${ids[index]} to complete`)));
      // Finished runs stop their feeds (stopOnCompletion): no request for them from here on.
      const runPaths = new Set(ids.map((id) => `/realtime/v1/runs/${id}`));
      const requestsAtCompletion = lab.proxy.count((entry) => runPaths.has(entry.path));
      finals.forEach((state, index) => {
        expect(state.error).toBeUndefined();
        expect(finished(state.run, index), `final state of ${ids[index]}`).toBe(true);
        figures.finalRun++;
      });
      for (const store of [tagStore, listOfBatch]) {
        const state = await waitForState(store, (s) => s.runs.length === RUNS && s.runs.every((run) => finished(run, ids.indexOf(run.id))), 90_000, "every listed run to finish");
        expect(state.runs.map((run) => run.id).sort()).toEqual([...ids].sort());
        // It may be retrying a fault right now; never failed for good.
        expect(state.status).not.toBe("error");
        if (store === tagStore) figures.finalTag = state.runs.length;
        else figures.finalBatch = state.runs.length;
      }

      // The network really was hostile, and the server really restarted its shapes.
      expect(lab.proxy.faultsInjected()).toBeGreaterThanOrEqual(20);
      expect(lab.proxy.faults.cut).toBeGreaterThan(0);
      expect(lab.proxy.faults.reset + lab.proxy.faults.stall).toBeGreaterThan(0);
      // Electric hands out new handles (409 must-refetch); the native backend takes old ones back.
      const refetches = lab.proxy.count((entry) => entry.kind === "shape" && entry.status === 409);
      if (electric) expect(refetches).toBeGreaterThan(0);
      else expect(refetches).toBe(0);
      expect(figures.regressions).toBe(0);
      expect(figures.duplicates).toBe(0);
      for (const id of ids) {
        const own = seen.get(`run:${id}`)!;
        expect(own[own.length - 1]).toEqual({ seq: UPDATES, status: "COMPLETED" });
      }

      expect([...completions.values()], "onComplete calls per run").toEqual(new Array(RUNS).fill(1));
      figures.completions = [...completions.values()].reduce((sum, count) => sum + count, 0);
      expect(lab.proxy.count((entry) => runPaths.has(entry.path))).toBe(requestsAtCompletion);
      figures.requestsAfterCompletion = lab.proxy.count((entry) => runPaths.has(entry.path)) - requestsAtCompletion;

      // Once the network is healthy again, the lists are live.
      lab.proxy.setFaults({});
      for (const store of [tagStore, listOfBatch]) await waitForState(store, (s) => s.status === "live", 40_000, "the list to be live again");
      for (const unsubscribe of unsubscribers) unsubscribe();
      await expectNoOpenConnections(server, 8_000);
    });

    it("a subscription opened after the chaos reads the same final states at once", async () => {
      lab.proxy.setFaults({});
      const token = await lab.token(["read:all"]);
      const tag = `chaos-${seed}`;
      const state = await waitForState(runsWithTagStore(lab.client(token), tag), (s) => s.status === "live" && s.runs.length === RUNS, 10_000);
      expect(state.runs.every((run) => run.status === "COMPLETED" && run.metadata?.seq === UPDATES)).toBe(true);
    });
  });
});
