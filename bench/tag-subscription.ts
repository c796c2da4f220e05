// A tag subscription that grows to 10,000 runs, then receives 10,000 updates (one per run).
// Client CPU time (process.cpuUsage of this process; the dev server has its own) and the heap
// held after a full GC. `node --expose-gc --import tsx bench/tag-subscription.ts ours|official`
//   ours:     runsWithTagStore(client, tag).listen(...)   (@trigger-realtime/core)
//   official: runs.subscribeToRunsWithTag(tag) feeding the merge useRealtimeRunsWithTag applies to
//             each run it yields (replace by id, else insert sorted by createdAt, into a new array),
//             without React, so React's own work is not counted against it.
//
// The dev server's tag snapshots hold at most 1,000 runs (as Trigger.dev's do), so the runs are
// created after the subscription is live and reach it as inserts. The server applies creations
// and updates 1,000 per event-loop turn: each long-poll answer then carries up to ~1,000 rows and
// the client's work, not the server, sets the pace.
import { control, cpuMs, heapAfterGc, mb, report, serverInfo, sleep, until } from "./support/harness.js";

const RUNS = Number(process.env.BENCH_TAG_RUNS ?? 10_000);
const PER_TICK = 1000;
const library = process.argv[2] as "ours" | "official";
if (library !== "ours" && library !== "official") throw new Error("usage: tag-subscription.ts ours|official");

const { url } = serverInfo();

/** What the client holds and has seen; updated by each library's listener. */
interface Progress {
  runs: number;
  updated: number;
  held: unknown[];
}
type AnyRun = { id: string; createdAt: Date; metadata?: Record<string, unknown> };
type Subscribe = (tag: string, token: string, progress: Progress) => { stop(): void };

const subscribe: Subscribe = library === "ours" ? await loadOurs() : await loadOfficial();

async function loadOurs(): Promise<Subscribe> {
  const { createRealtimeClient, runsWithTagStore, setServerEnvironment } = await import("@trigger-realtime/core");
  setServerEnvironment(false);
  return (tag, token, progress) => {
    const client = createRealtimeClient({ baseURL: url, accessToken: token });
    const $runs = runsWithTagStore(client, tag);
    const unlisten = $runs.listen((state) => {
      // One pass over the published list per publish (at most one per microtask).
      let updated = 0;
      for (const run of state.runs) if (run.metadata?.v === 1) updated++;
      progress.runs = state.runs.length;
      progress.updated = updated;
      progress.held = state.runs;
    });
    return {
      stop() {
        unlisten();
        $runs.stop();
      },
    };
  };
}

async function loadOfficial(): Promise<Subscribe> {
  const { configure, runs } = await import("@trigger.dev/sdk");
  return (tag, token, progress) => {
    const abort = new AbortController();
    configure({ baseURL: url, accessToken: token });
    const subscription = runs.subscribeToRunsWithTag(tag, { signal: abort.signal } as never);
    let list: AnyRun[] = [];
    const updatedIds = new Set<string>();
    (async () => {
      for await (const run of subscription as AsyncIterable<AnyRun>) {
        list = merge(list, run);
        if (run.metadata?.v === 1) updatedIds.add(run.id);
        progress.runs = list.length;
        progress.updated = updatedIds.size;
        progress.held = list;
      }
    })().catch(() => {});
    return {
      stop() {
        abort.abort();
        subscription.unsubscribe();
      },
    };
  };
}

/** What useRealtimeRunsWithTag does with each run it receives: a new array, the run replaced by id, or inserted by createdAt. */
function merge(list: AnyRun[], run: AnyRun): AnyRun[] {
  if (list.some((existing) => existing.id === run.id)) return list.map((existing) => (existing.id === run.id ? run : existing));
  const at = list.findIndex((existing) => existing.createdAt > run.createdAt);
  return at === -1 ? [...list, run] : [...list.slice(0, at), run, ...list.slice(at)];
}

/** One subscription: `count` runs created after it is live, then one update each. */
async function measure(count: number) {
  const tag = `bench-${library}-${count}-${Date.now()}`;
  const { token } = await control<{ token: string }>("publicToken", { scopes: [`read:tags:${tag}`] });
  const progress: Progress = { runs: 0, updated: 0, held: [] };
  await waitForLongPolls((open) => open === 0); // the previous subscription has closed
  const baseline = await heapAfterGc();
  const cpuStart = process.cpuUsage();
  const startedAt = performance.now();

  const subscription = subscribe(tag, token, progress);
  await waitForLongPolls((open) => open > 0);
  const { ids } = await control<{ ids: string[] }>("createRuns", { count, tags: [tag], perTick: PER_TICK });
  await until(() => progress.runs === count, `${count} runs in the list`, 120_000, 2);
  const insertCpu = cpuMs(cpuStart);
  const insertedAt = performance.now();

  const updateStart = process.cpuUsage();
  await control("updateRuns", { ids, v: 1, perTick: PER_TICK });
  await until(() => progress.updated === count, `${count} updates`, 120_000, 2);
  const updateCpu = cpuMs(updateStart);
  const totalCpu = cpuMs(cpuStart);
  const doneAt = performance.now();

  const heap = (await heapAfterGc()) - baseline;
  const holding = progress.held.length;
  subscription.stop();
  return {
    holding,
    cpuMs: { total: totalCpu, inserts: insertCpu, updates: updateCpu },
    wallMs: { inserts: insertedAt - startedAt, updates: doneAt - insertedAt },
    heapBytes: heap,
  };
}

/** Until the number of live long-polls the dev server holds (this process's only) satisfies `condition`. */
async function waitForLongPolls(condition: (open: number) => boolean) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const stats = await control<{ openShapeRequests: number }>("stats");
    if (condition(stats.openShapeRequests)) return;
    await sleep(20);
  }
  throw new Error("the tag feed's long-poll did not open or close in time");
}

// A small subscription first, so that module loading and first-call compilation are not counted.
await measure(200);
const result = { library, runs: RUNS, ...(await measure(RUNS)) };
const { cpuMs: cpu, wallMs: wall, heapBytes, holding } = result;
console.log(
  `${library.padEnd(8)} ${RUNS} runs: CPU ${cpu.total.toFixed(0)} ms (inserts ${cpu.inserts.toFixed(0)} ms, updates ${cpu.updates.toFixed(0)} ms); ` +
    `wall ${(wall.inserts + wall.updates).toFixed(0)} ms; heap held ${mb(heapBytes).toFixed(1)} MB for ${holding} runs`,
);
report(result);
process.exit(0);
