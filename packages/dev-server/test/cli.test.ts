import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { eventually } from "@trigger-realtime/test-support";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const children: ChildProcess[] = [];
let scratch: string | undefined;

afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Runs the CLI from its source and collects what it prints. */
function cli(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const output = { stdout: "", stderr: "", code: undefined as number | null | undefined };
  child.stdout!.on("data", (data: Buffer) => (output.stdout += data));
  child.stderr!.on("data", (data: Buffer) => (output.stderr += data));
  child.on("exit", (code) => (output.code = code));
  return { child, output };
}

it("starts a server with the given secret key and task module, and prints its URL and key", async () => {
  scratch = await mkdtemp(join(tmpdir(), "trigger-realtime-dev-"));
  const tasksFile = join(scratch, "tasks.mjs");
  await writeFile(tasksFile, `export const echo = { id: "echo", async run(payload, ctx) { ctx.metadata.set("seen", true); return { echoed: payload }; } };\n`);
  const { child, output } = cli(["--port", "0", "--secret-key", "tr_dev_from_cli", "--tasks", tasksFile]);
  const url = await eventually(() => output.stdout.includes("Secret key:") && /listening on (http:\/\/\S+)/.exec(output.stdout)?.[1], 20_000, `the CLI to start (${output.stderr})`);
  expect(output.stdout).toContain("Secret key: tr_dev_from_cli");

  const trigger = await fetch(`${url}/api/v1/tasks/echo/trigger`, {
    method: "POST",
    headers: { authorization: "Bearer tr_dev_from_cli", "content-type": "application/json" },
    body: JSON.stringify({ payload: '"hi"', options: { payloadType: "application/json" } }),
  });
  expect(trigger.status).toBe(200);
  const { id } = await trigger.json();
  const demo = await fetch(`${url}/api/v1/tasks/progress/trigger`, { method: "POST", headers: { authorization: "Bearer tr_dev_from_cli" }, body: "{}" });
  expect(demo.status).toBe(404);
  await eventually(async () => {
    const response = await fetch(`${url}/api/v3/runs/${id}`, { headers: { authorization: "Bearer tr_dev_from_cli" } });
    const run = (await response.json()) as { status: string; output?: unknown; metadata?: unknown };
    return run.status === "COMPLETED" && run;
  }, 10_000, "the echo run to complete").then((run) => {
    expect(run.output).toEqual({ echoed: "hi" });
    expect(run.metadata).toEqual({ seen: true });
  });

  child.kill("SIGTERM");
  await eventually(() => output.code !== undefined, 5000, "the CLI to exit");
  expect(output.code).toBe(0);
});

it("prints usage for --help and refuses a bad port or stream version", async () => {
  const help = cli(["--help"]);
  await eventually(() => help.output.code !== undefined, 20_000, "help to print");
  expect(help.output.stdout).toContain("Usage: trigger-realtime-dev");
  expect(help.output.stdout).toContain("--secret-key");
  const bad = cli(["--port", "nope"]);
  await eventually(() => bad.output.code !== undefined, 20_000, "the CLI to give up");
  expect(bad.output.code).toBe(1);
  expect(bad.output.stderr).toContain("Invalid --port nope");
  const badVersion = cli(["--port", "0", "--streams-version", "v3"]);
  await eventually(() => badVersion.output.code !== undefined, 20_000, "the CLI to give up");
  expect(badVersion.output.code).toBe(1);
  expect(badVersion.output.stderr).toContain("Invalid --streams-version v3");
});

it("serves the feeds as the realtime backend --realtime-backend names, and refuses an unknown one", async () => {
  const { output } = cli(["--port", "0", "--realtime-backend", "native", "--secret-key", "tr_dev_cli_backend"]);
  const url = await eventually(() => output.stdout.includes("Realtime backend:") && /listening on (http:\/\/\S+)/.exec(output.stdout)?.[1], 20_000, `the CLI to start (${output.stderr})`);
  expect(output.stdout).toContain("Realtime backend: native");
  const trigger = await fetch(`${url}/api/v1/tasks/progress/trigger`, { method: "POST", headers: { authorization: "Bearer tr_dev_cli_backend", "content-type": "application/json" }, body: "{}" });
  const { id } = await trigger.json();
  const snapshot = await fetch(`${url}/realtime/v1/runs/${id}?offset=-1`, { headers: { authorization: "Bearer tr_dev_cli_backend", "x-trigger-electric-version": "1.0.0-beta.1" } });
  expect(snapshot.headers.get("electric-handle")).toMatch(/^run-/);
  expect(snapshot.headers.has("electric-up-to-date")).toBe(false);

  const bad = cli(["--port", "0", "--realtime-backend", "postgres"]);
  await eventually(() => bad.output.code !== undefined, 20_000, "the CLI to give up");
  expect(bad.output.code).toBe(1);
  expect(bad.output.stderr).toContain("Invalid --realtime-backend postgres");
});
