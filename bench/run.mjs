// `pnpm bench`: every benchmark, ours and the official `@trigger.dev/sdk` / `@trigger.dev/react-hooks`
// 4.8.3, in one run against one local dev server (its own process, loopback only). Prints each
// figure, the official one and the ratio, and writes bench/results.md.
//
//   pnpm bench                      everything (a few minutes)
//   pnpm bench -- --only latency    some benchmarks (bundle, connections, latency, tags, stream, adapters)
//   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" pnpm bench -- --only tags-ours   profile one
//
// Each benchmark runs in its own Node process (heap and CPU figures are that process's alone)
// and hands its figures back over IPC; the dev server never shares a process with a client.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildRows, notes } from "./targets.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));
// `pnpm bench -- --only x` passes the `--` on; after it parseArgs would read `--only` as a positional.
const { values } = parseArgs({ args: process.argv.slice(2).filter((arg) => arg !== "--"), options: { only: { type: "string" } }, allowPositionals: true });

/** `node` arguments: TypeScript through tsx, workspace packages resolved to their sources (bench/tsconfig.json paths). */
const tsx = ["--import", "tsx"];
const benchmarks = [
  { group: "bundle", name: "bundle", file: "bundle.mjs", node: [] },
  { group: "connections", name: "connections", file: "connections.tsx", node: tsx },
  { group: "latency", name: "latency", file: "latency.ts", node: tsx },
  { group: "tags", name: "tags-ours", file: "tag-subscription.ts", args: ["ours"], node: ["--expose-gc", ...tsx] },
  { group: "tags", name: "tags-official", file: "tag-subscription.ts", args: ["official"], node: ["--expose-gc", ...tsx] },
  { group: "stream", name: "stream-ours", file: "stream.tsx", args: ["ours"], node: ["--expose-gc", ...tsx] },
  { group: "stream", name: "stream-official", file: "stream.tsx", args: ["official"], node: ["--expose-gc", ...tsx] },
  // Svelte and Solid ship their reactive (browser) builds under the "browser" condition.
  { group: "adapters", name: "adapters", file: "adapters.ts", node: ["--conditions=browser", ...tsx] },
];
const only = values.only?.split(",").map((name) => name.trim());
const selected = only ? benchmarks.filter((bench) => only.includes(bench.group) || only.includes(bench.name)) : benchmarks;

// Production builds of every UI framework, as users ship them.
const env = { ...process.env, NODE_ENV: "production", TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH ?? `${here}tsconfig.json` };
const TIME_LIMIT_MS = 240_000;

function startServer() {
  const child = spawn(process.execPath, [...tsx, `${here}support/server.ts`], { cwd: root, env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (info) => resolve({ child, info }));
    child.once("exit", (code) => reject(new Error(`dev server exited with ${code}`)));
  });
}

/** Runs one benchmark process; resolves with its figures and what it printed. */
function runBenchmark(bench, server) {
  // BENCH_NODE_ARGS adds node flags to each benchmark process, e.g. `--cpu-prof` to profile one.
  const extra = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, ...bench.node, `${here}${bench.file}`, ...(bench.args ?? [])], {
    cwd: root,
    env: { ...env, BENCH_SERVER_URL: server.url, BENCH_SECRET_KEY: server.secretKey, BENCH_CONTROL_URL: server.control },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  let printed = "";
  child.stdout.on("data", (data) => {
    printed += data;
    process.stdout.write(data);
  });
  let result;
  child.on("message", (message) => (result = message.result));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill(), TIME_LIMIT_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const failure = result === undefined ? `exited with ${signal ?? code} before reporting` : undefined;
      resolve({ result, printed: printed.trimEnd(), failure });
    });
  });
}

const startedAt = Date.now();
const { child: serverProcess, info: server } = await startServer();
const outcomes = {};
try {
  for (const bench of selected) {
    console.log(`\n── ${bench.name} ${"─".repeat(Math.max(0, 60 - bench.name.length))}`);
    outcomes[bench.name] = await runBenchmark(bench, server);
    if (outcomes[bench.name].failure) console.log(`  FAILED: ${outcomes[bench.name].failure}`);
  }
} finally {
  serverProcess.disconnect();
}

const rows = buildRows(Object.fromEntries(Object.entries(outcomes).map(([name, outcome]) => [name, outcome.result])));
const header = ["benchmark", "ours", "official", "ratio", "target", "met"];
const table = [header, ...rows.map((row) => [row.benchmark, row.ours, row.official, row.ratio, row.target, row.met])];
const widths = header.map((_, column) => Math.max(...table.map((row) => String(row[column]).length)));
const line = (row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join("  ");
console.log(`\n${"═".repeat(widths.reduce((a, b) => a + b + 2, 0))}`);
console.log(line(header));
for (const row of table.slice(1)) console.log(line(row));
const missed = rows.filter((row) => row.met === "MISSED");
const failed = Object.entries(outcomes).filter(([, outcome]) => outcome.failure);
for (const row of missed) console.log(`MISSED: ${row.benchmark}: ${row.why ?? ""}`);
for (const [name, outcome] of failed) console.log(`FAILED: ${name} ${outcome.failure}`);

const cpu = cpus();
const machine = `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB memory, Node ${process.version} (${process.platform} ${process.arch})`;
const date = new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC";
const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
console.log(`\n${machine}; ${date}; ${minutes} min`);

if (!only) {
  const markdownRow = (row) => `| ${row.map((cell) => String(cell).replace(/\|/g, "\\|")).join(" | ")} |`;
  const markdown = [
    "# Benchmark results",
    "",
    `Measured with \`pnpm bench\` on ${date}: ${machine}. Whole run: ${minutes} min.`,
    "Ours: `@trigger-realtime/*` from this repository. Official: `@trigger.dev/sdk` and `@trigger.dev/react-hooks` 4.8.3.",
    "One local dev server (`@trigger-realtime/dev-server`, its own process, loopback) served both.",
    "",
    markdownRow(header),
    markdownRow(header.map(() => "---")),
    ...table.slice(1).map(markdownRow),
    "",
    ...(missed.length || failed.length
      ? ["## Missed", "", ...missed.map((row) => `- **${row.benchmark}**: ${row.why ?? ""}`), ...failed.map(([name, o]) => `- **${name}** failed: ${o.failure}`), ""]
      : []),
    "## How each figure is measured",
    "",
    ...notes.map((note) => `- ${note}`),
    "",
    "## Output of each benchmark",
    "",
    ...Object.entries(outcomes).flatMap(([name, outcome]) => [`### ${name}`, "", "```", outcome.printed || "(nothing printed)", "```", ""]),
  ].join("\n");
  writeFileSync(`${here}results.md`, markdown);
  console.log("Written to bench/results.md");
}
if (missed.length || failed.length) process.exitCode = 1;
process.exit();
