// Change-to-listener latency on loopback. One run per library, both subscriptions live in this
// process at once; changes alternate between the two runs (so drift hits both alike). Each change
// is a `PUT /api/v1/runs/:id/metadata` with the secret key; the clock runs from just before the
// request is sent to the moment the listener sees the new value.
//   ours:     runStore(client, runId).listen(...)         (@trigger-realtime/core)
//   official: for await (const run of runs.subscribeToRun(runId))   (@trigger.dev/sdk)
import { Agent, request } from "node:http";
import { configure, runs } from "@trigger.dev/sdk";
import { createRealtimeClient, runStore, setServerEnvironment } from "@trigger-realtime/core";
import { control, percentile, report, serverInfo, sleep } from "./support/harness.js";

const CHANGES = Number(process.env.BENCH_LATENCY_CHANGES ?? 3000);
const WARMUP = 40;

const { url, secretKey } = serverInfo();
const agent = new Agent({ keepAlive: true });
setServerEnvironment(false);

function putMetadata(runId: string, metadata: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v1/runs/${runId}/metadata`, {
      method: "PUT",
      agent,
      headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/json" },
    }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`metadata update: ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(JSON.stringify({ metadata }));
  });
}

type Name = "ours" | "official";
const { token } = await control<{ token: string }>("publicToken", { scopes: ["read:all"] });
const runIds: Record<Name, string> = {
  ours: (await control("createRun", { metadata: { n: -1 } })).id,
  official: (await control("createRun", { metadata: { n: -1 } })).id,
};

/** The `n` each listener saw last, and who waits for which `n`. */
const waiting: Partial<Record<Name, { n: number; resolve(at: number): void }>> = {};
const seen = (name: Name, n: unknown) => {
  const waiter = waiting[name];
  if (waiter && n === waiter.n) {
    delete waiting[name];
    waiter.resolve(performance.now());
  }
};

// When each library's live long-poll answer arrived (both read run shapes through the global
// fetch), so each latency splits into server + loopback and the client's own processing.
const answeredAt = new Map<string, number>();
const realFetch = globalThis.fetch;
globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const response = await realFetch(input, init);
  const target = String(input instanceof Request ? input.url : input);
  const runId = /\/realtime\/v1\/runs\/([^/?]+)\?.*live=true/.exec(target)?.[1];
  if (runId) answeredAt.set(runId, performance.now());
  return response;
}) as typeof fetch;

// Ours: the core store's listener.
const client = createRealtimeClient({ baseURL: url, accessToken: token });
const $run = runStore(client, runIds.ours);
const unlisten = $run.listen((state) => seen("ours", state.run?.metadata?.n));

// Official: the SDK's run subscription.
configure({ baseURL: url, accessToken: token });
const abort = new AbortController();
const subscription = runs.subscribeToRun(runIds.official, { stopOnCompletion: false, signal: abort.signal });
const officialLoop = (async () => {
  for await (const run of subscription) {
    seen("official", (run.metadata as { n?: number } | undefined)?.n);
    if (abort.signal.aborted) break;
  }
})();

/** Total latency of one change, and the part after the long-poll answer arrived (client work). */
async function change(name: Name, n: number): Promise<{ total: number; client: number }> {
  const arrived = new Promise<number>((resolve) => (waiting[name] = { n, resolve }));
  const sentAt = performance.now();
  await putMetadata(runIds[name], { n });
  const timeout = sleep(10_000).then(() => Promise.reject(new Error(`${name}: change ${n} never reached the listener`)));
  const at = await Promise.race([arrived, timeout]);
  const answered = answeredAt.get(runIds[name]) ?? sentAt;
  return { total: at - sentAt, client: at - Math.max(answered, sentAt) };
}

// Both subscriptions live before the first change.
await change("ours", 0);
await change("official", 0);

const latencies: Record<Name, number[]> = { ours: [], official: [] };
const clientSide: Record<Name, number[]> = { ours: [], official: [] };
for (let index = 1; index <= WARMUP + CHANGES; index++) {
  // Alternate which library goes first in each pair.
  const order: Name[] = index % 2 ? ["ours", "official"] : ["official", "ours"];
  for (const name of order) {
    const { total, client } = await change(name, index);
    if (index > WARMUP) {
      latencies[name].push(total);
      clientSide[name].push(client);
    }
    await sleep(Math.random() * 3);
  }
}

// A p99 of one run swings with a single GC pause or scheduler hiccup: the figures are the median
// over consecutive rounds of the same run (p50, p99 and mean of each round).
const ROUNDS = 5;
const median = (values: number[]) => percentile(values, 50);
function summary(values: number[]) {
  const size = Math.floor(values.length / ROUNDS);
  const rounds = Array.from({ length: ROUNDS }, (_, round) => values.slice(round * size, (round + 1) * size));
  return {
    p50: median(rounds.map((round) => percentile(round, 50))),
    p99: median(rounds.map((round) => percentile(round, 99))),
    mean: median(rounds.map((round) => round.reduce((a, b) => a + b, 0) / round.length)),
  };
}
const result = {
  changes: CHANGES,
  ours: summary(latencies.ours),
  official: summary(latencies.official),
  client: { ours: summary(clientSide.ours), official: summary(clientSide.official) },
};
console.log(`Change → listener on loopback, ${CHANGES} changes each (after ${WARMUP} warm-up), interleaved; median of ${ROUNDS} rounds`);
for (const name of ["ours", "official"] as const) {
  const { p50, p99, mean } = result[name];
  const label = name === "ours" ? "@trigger-realtime/core" : "@trigger.dev/sdk";
  console.log(`  ${label.padEnd(24)} p50 ${p50.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms   mean ${mean.toFixed(2)} ms`);
}
console.log("  of which after the long-poll answer arrived (the client's own work):");
for (const name of ["ours", "official"] as const) {
  const { p50, p99, mean } = result.client[name];
  const label = name === "ours" ? "@trigger-realtime/core" : "@trigger.dev/sdk";
  console.log(`  ${label.padEnd(24)} p50 ${p50.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms   mean ${mean.toFixed(2)} ms`);
}

unlisten();
$run.stop();
abort.abort();
subscription.unsubscribe();
await Promise.race([officialLoop.catch(() => {}), sleep(500)]);
agent.destroy();
report(result);
process.exit(0);
