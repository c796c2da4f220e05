// Holds N concurrent live long-polls on one run and measures how long one change takes to
// reach them. The server runs in its own process so its memory is measured alone.
//   pnpm --filter @trigger-realtime/dev-server bench [-- --subscriptions 2000 --changes 5]
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { subscriptions: { type: "string", default: "2000" }, changes: { type: "string", default: "5" } } });
const subscriptions = Number(values.subscriptions);
const changes = Number(values.changes);
const secretKey = "tr_dev_bench";
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const child = spawn(process.execPath, ["--import", "tsx", cli, "--port", "0", "--secret-key", secretKey], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise<string>((resolve, reject) => {
  child.stdout.on("data", (data: Buffer) => {
    const match = /listening on (\S+)/.exec(data.toString());
    if (match) resolve(match[1]!);
  });
  child.on("exit", (code) => reject(new Error(`dev server exited with ${code}`)));
});
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) / 1024;

function call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, agent, headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: text }));
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

try {
  const trigger = await call("POST", "/api/v1/tasks/approval/trigger", { payload: "{}", options: { payloadType: "application/json" } });
  const runId = JSON.parse(trigger.body).id as string;
  await new Promise((resolve) => setTimeout(resolve, 200));
  const snapshot = await call("GET", `/realtime/v1/runs/${runId}?offset=-1`);
  const handle = snapshot.headers["electric-handle"];
  const baselineMb = rssMb();
  let offsets = Array.from({ length: subscriptions }, () => snapshot.headers["electric-offset"]);
  const latencies: number[] = [];
  const fanOut: number[] = [];

  for (let round = 0; round < changes; round++) {
    let changedAt = 0;
    const arrivals = offsets.map((offset, index) =>
      call("GET", `/realtime/v1/runs/${runId}?offset=${offset}&handle=${handle}&live=true`).then((response) => {
        const arrivedAt = performance.now();
        offsets[index] = response.headers["electric-offset"];
        return arrivedAt;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // every long-poll is held
    const heldMb = rssMb();
    changedAt = performance.now();
    await call("PUT", `/api/v1/runs/${runId}/metadata`, { operations: [{ type: "set", key: "round", value: round }] });
    const times = (await Promise.all(arrivals)).map((arrivedAt) => arrivedAt - changedAt);
    latencies.push(...times);
    fanOut.push(Math.max(...times));
    if (round === 0) console.log(`server memory: ${baselineMb.toFixed(1)} MB idle, ${heldMb.toFixed(1)} MB holding ${subscriptions} live long-polls`);
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  console.log(`${subscriptions} concurrent live subscriptions, ${changes} changes`);
  console.log(`change → subscriber: p50 ${percentile(50).toFixed(1)} ms, p99 ${percentile(99).toFixed(1)} ms`);
  console.log(`change → all ${subscriptions} subscribers: ${fanOut.map((ms) => `${ms.toFixed(0)} ms`).join(", ")}`);
} finally {
  child.kill();
  agent.destroy();
}
