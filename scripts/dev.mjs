#!/usr/bin/env node
// `pnpm dev`: the dev server with its demo tasks, then every example app pointed at it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const port = Number(process.env.TRIGGER_DEV_PORT ?? 3030);
// A key of this start only (unless one is given): a page on another site cannot guess it.
const secretKey = process.env.TRIGGER_SECRET_KEY || `tr_dev_${randomBytes(18).toString("base64url").replace(/[-_]/g, "0")}`;
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

// The key goes through the environment, not the command line (which other users can list).
run("dev-server", "node", ["--import", "tsx", "packages/dev-server/src/cli.ts", "--port", String(port)], { TRIGGER_SECRET_KEY: secretKey });

const examplesDir = join(root, "examples");
const examples = existsSync(examplesDir)
  ? readdirSync(examplesDir).filter((name) => existsSync(join(examplesDir, name, "package.json")))
  : [];
const apps = [];
const scripts = [];
for (const name of examples) {
  const pkg = JSON.parse(readFileSync(join(examplesDir, name, "package.json"), "utf8"));
  if (pkg.scripts?.start && !pkg.scripts?.dev) scripts.push(`TRIGGER_SECRET_KEY=${secretKey} TRIGGER_API_URL=${apiUrl} pnpm --filter ${pkg.name} start`);
  if (!pkg.scripts?.dev) continue;
  run(name, "pnpm", ["--filter", pkg.name, "dev"], { TRIGGER_API_URL: apiUrl, TRIGGER_SECRET_KEY: secretKey });
  const appPort = Number(/--port[= ](\d+)/.exec(pkg.scripts.dev)?.[1]);
  if (appPort) apps.push({ name, port: appPort });
}

console.log(`Trigger.dev-compatible dev server: ${apiUrl} (secret key ${secretKey})`);

/** Resolves once something accepts connections on the port (or after `timeoutMs`, false). */
async function listening(onPort, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = connect(onPort, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

// Once everything listens, one summary of where to go.
apps.sort((a, b) => a.port - b.port);
const ready = await Promise.all([port, ...apps.map((app) => app.port)].map((onPort) => listening(onPort)));
if (!stopping) {
  const width = Math.max(...apps.map((app) => app.name.length));
  const lines = apps.map((app, index) =>
    `  ${app.name.padEnd(width)}  http://127.0.0.1:${app.port}/${ready[index + 1] ? "" : "  (not listening yet: see its log above)"}`,
  );
  console.log(["", "Open the examples:", ...lines, ...scripts.map((script) => `Node example: ${script}`), ""].join("\n"));
}
