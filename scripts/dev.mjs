#!/usr/bin/env node
// `pnpm dev`: the dev server with its demo tasks, then every example app pointed at it.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const port = Number(process.env.TRIGGER_DEV_PORT ?? 3030);
const secretKey = process.env.TRIGGER_SECRET_KEY ?? "tr_dev_trigger_realtime_local";
const apiUrl = `http://127.0.0.1:${port}`;
const children = [];

function run(name, command, args, env = {}) {
  // Its own process group, so stopping it also stops the servers pnpm starts under it.
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const prefix = `[${name}] `;
  const forward = (stream, out) =>
    stream.on("data", (data) => out.write(data.toString().replace(/^(?=.)/gm, prefix)));
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  child.on("exit", (code) => {
    if (code && !stopping) console.error(`${prefix}exited with ${code}`);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop() {
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

run("dev-server", "node", ["--import", "tsx", "packages/dev-server/src/cli.ts", "--port", String(port), "--secret-key", secretKey]);

const examplesDir = join(root, "examples");
const examples = existsSync(examplesDir)
  ? readdirSync(examplesDir).filter((name) => existsSync(join(examplesDir, name, "package.json")))
  : [];
for (const name of examples) {
  const pkg = JSON.parse(readFileSync(join(examplesDir, name, "package.json"), "utf8"));
  if (!pkg.scripts?.dev) continue;
  run(name, "pnpm", ["--filter", pkg.name, "dev"], { TRIGGER_API_URL: apiUrl, TRIGGER_SECRET_KEY: secretKey });
}

console.log(`Trigger.dev-compatible dev server: ${apiUrl} (secret key ${secretKey})`);
