// Holds N concurrent live long-polls on one run and measures one change reaching all of them.
// The server runs in its own process (bench/server.ts) so its memory and its own fan-out time
// are measured apart from the clients, which all live in this process. Loopback only.
//   pnpm --filter @trigger-realtime/dev-server bench [--subscriptions 2000] [--changes 5]
import { fork } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { subscriptions: { type: "string", default: "2000" }, changes: { type: "string", default: "5" } } });
const subscriptions = Math.min(Number(values.subscriptions), 10_000);
const changes = Math.min(Number(values.changes), 50);
const now = () => performance.timeOrigin + performance.now();
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

type Reply = { type: string; [key: string]: any };
const child = fork(fileURLToPath(new URL("./server.ts", import.meta.url)), { execArgv: ["--import", "tsx", "--expose-gc"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
const replies: Array<(reply: Reply) => void> = [];
child.on("message", (reply: Reply) => replies.shift()?.(reply));
const ask = (message: object) =>
  new Promise<Reply>((resolve) => {
    replies.push(resolve);
    if (Object.keys(message).length > 0) child.send(message);
  });

const ready = await ask({});
const { url, runId } = ready as { url: string; runId: string };

function get(path: string): Promise<{ headers: Record<string, string>; arrivedAt: number }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${url}${path}`, { agent, headers: { authorization: "Bearer tr_dev_bench", "x-trigger-electric-version": "1.0.0-beta.1" } }, (response) => {
      response.resume();
      response.on("end", () => resolve({ headers: response.headers as Record<string, string>, arrivedAt: now() }));
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

try {
  const snapshot = await get(`/realtime/v1/runs/${runId}?offset=-1`);
  const handle = snapshot.headers["electric-handle"];
  let offset = snapshot.headers["electric-offset"];
  const latencies: number[] = [];
  const allReached: number[] = [];
  const fanOuts: number[] = [];
  let heldRss = 0;
  let heldHeap = 0;

  // Round 0 warms up (JIT, socket pools) and is not counted.
  for (let round = 0; round <= changes; round++) {
    const arrivals = Array.from({ length: subscriptions }, () => get(`/realtime/v1/runs/${runId}?offset=${offset}&handle=${handle}&live=true`));
    // Wait until the server holds every long-poll (bounded: 30 s).
    for (let waited = 0; ; waited += 50) {
      const stats = await ask({ type: "stats" });
      if (stats.openShapeRequests >= subscriptions) {
        heldRss = Math.max(heldRss, stats.rssMb);
        heldHeap = Math.max(heldHeap, stats.heapMb);
        break;
      }
      if (waited > 30_000) throw new Error(`only ${stats.openShapeRequests} of ${subscriptions} long-polls are held`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const changed = await ask({ type: "change", round });
    const answers = await Promise.all(arrivals);
    offset = answers[0]!.headers["electric-offset"];
    if (round === 0) continue;
    const times = answers.map((answer) => answer.arrivedAt - changed.changedAt);
    latencies.push(...times);
    allReached.push(Math.max(...times));
    fanOuts.push(changed.fanOutMs);
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`${subscriptions} concurrent live long-polls on one run, ${changes} changes (loopback, Node ${process.versions.node})`);
  console.log(`server memory (RSS): ${ready.rssMb.toFixed(1)} MB idle, ${heldRss.toFixed(1)} MB holding ${subscriptions} long-polls`);
  console.log(`server JS heap: ${ready.heapMb.toFixed(1)} MB idle, ${heldHeap.toFixed(1)} MB holding ${subscriptions} long-polls`);
  console.log(`server fan-out (answer every held long-poll): ${fanOuts.map(ms).join(", ")}`);
  console.log(`change → subscriber: p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}`);
  console.log(`change → all ${subscriptions} subscribers: ${allReached.map(ms).join(", ")}`);
} finally {
  agent.destroy();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.send({ type: "stop" });
  await exited;
}
