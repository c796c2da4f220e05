#!/usr/bin/env node
// `pnpm dev`: the dev server with its demo tasks, then every example app pointed at it.
// Every port is checked before anything starts; the summary lists only what answers; a process
// that exits ends the whole thing with a non-zero code.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const host = "127.0.0.1";
const port = Number(process.env.TRIGGER_DEV_PORT ?? 3030);
// A key of this start only (unless one is given): a page on another site cannot guess it.
const secretKey = process.env.TRIGGER_SECRET_KEY || `tr_dev_${randomBytes(18).toString("base64url").replace(/[-_]/g, "0")}`;
const apiUrl = `http://${host}:${port}`;
const startupTimeoutMs = 120_000;
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`pnpm dev: TRIGGER_DEV_PORT must be a port number (1-65535), not "${process.env.TRIGGER_DEV_PORT}"`);
  process.exit(1);
}

/** The example apps with a dev server of their own, and the port their `dev` script fixes. */
function exampleApps() {
  const examplesDir = join(root, "examples");
  const apps = [];
  const nodeScripts = [];
  for (const name of existsSync(examplesDir) ? readdirSync(examplesDir) : []) {
    const manifest = join(examplesDir, name, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8"));
    if (pkg.scripts?.start && !pkg.scripts?.dev) nodeScripts.push(pkg.name);
    const appPort = Number(/--port[= ](\d+)/.exec(pkg.scripts?.dev ?? "")?.[1]);
    if (appPort) apps.push({ name, packageName: pkg.name, port: appPort });
  }
  return { apps: apps.sort((a, b) => a.port - b.port), nodeScripts };
}

/** Whether this machine can listen on the port as the servers below will (same host). */
function isFree(onPort) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(onPort, host, () => probe.close(() => resolve(true)));
  });
}

/** Resolves true once an HTTP server answers on the port, false after the startup timeout. */
async function answers(onPort, stillRunning) {
  const deadline = Date.now() + startupTimeoutMs;
  while (Date.now() < deadline && stillRunning()) {
    try {
      await fetch(`http://${host}:${onPort}/`, { method: "HEAD", signal: AbortSignal.timeout(2_000) });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return false;
}

const { apps, nodeScripts } = exampleApps();
const services = [{ name: "dev server", port }, ...apps.map((app) => ({ name: `${app.name} example`, port: app.port }))];

const taken = [];
for (const service of services) if (!(await isFree(service.port))) taken.push(service);
if (taken.length > 0) {
  console.error(
    [
      `pnpm dev: ${taken.length === 1 ? "a port it needs is" : "ports it needs are"} already in use, so nothing was started:`,
      ...taken.map((service) => `  ${service.port}  (${service.name})`),
      "Stop what listens there (an earlier `pnpm dev`?) and run it again.",
      port === taken[0]?.port ? "The dev server's port can be changed with TRIGGER_DEV_PORT." : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
  process.exit(1);
}

const children = [];
let stopping = false;

function stop(code) {
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

function run(name, command, args, env = {}) {
  // Its own process group, so stopping it also stops the servers pnpm starts under it.
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const prefix = `[${name}] `;
  const forward = (stream, out) => stream.on("data", (data) => out.write(data.toString().replace(/^(?=.)/gm, prefix)));
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  const fail = (what) => {
    if (stopping) return;
    console.error(`\npnpm dev: ${name} ${what}; see its log above. Stopping everything.`);
    stop(1);
  };
  child.on("error", (error) => fail(`could not start (${error.message})`));
  child.on("exit", (code, signal) => fail(`exited (${signal ?? `code ${code}`})`));
  children.push(child);
  return child;
}

// The key goes through the environment, not the command line (which other users can list).
run("dev-server", "node", ["packages/dev-server/bin/trigger-realtime-dev.js", "--port", String(port)], { TRIGGER_SECRET_KEY: secretKey });
for (const app of apps) run(app.name, "pnpm", ["--filter", app.packageName, "dev"], { TRIGGER_API_URL: apiUrl, TRIGGER_SECRET_KEY: secretKey });

const ready = await Promise.all(services.map((service) => answers(service.port, () => !stopping)));
if (stopping) await new Promise(() => {}); // a child's exit is stopping everything
const silent = services.filter((_, index) => !ready[index]);
if (silent.length > 0) {
  console.error(`\npnpm dev: no answer after ${startupTimeoutMs / 1000} s from ${silent.map((service) => `${service.name} (port ${service.port})`).join(", ")}. Stopping everything.`);
  stop(1);
}

const width = Math.max(...apps.map((app) => app.name.length));
console.log(
  [
    "",
    `Trigger.dev-compatible dev server: ${apiUrl} (secret key ${secretKey})`,
    `  its runs, live:  ${apiUrl}/`,
    "",
    "Open the examples:",
    ...apps.map((app) => `  ${app.name.padEnd(width)}  http://${host}:${app.port}/`),
    ...nodeScripts.map((name) => `Node example: TRIGGER_SECRET_KEY=${secretKey} TRIGGER_API_URL=${apiUrl} pnpm --filter ${name} start`),
    "",
  ].join("\n"),
);
