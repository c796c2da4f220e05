// `pnpm dev` (scripts/dev.mjs) with a port it needs already taken: it starts nothing, names the
// port, and exits non-zero.
import { spawn } from "node:child_process";
import { createServer, type AddressInfo, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
let occupier: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => occupier?.close(resolve) ?? resolve(undefined));
  occupier = undefined;
});

it("stops with a clear message and a non-zero exit when a port it needs is taken", async () => {
  occupier = createServer();
  await new Promise<void>((resolve) => occupier!.listen(0, "127.0.0.1", resolve));
  const takenPort = (occupier.address() as AddressInfo).port;

  const child = spawn("pnpm", ["dev"], {
    cwd: root,
    env: { ...process.env, TRIGGER_DEV_PORT: String(takenPort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => (stdout += data));
  child.stderr.on("data", (data: Buffer) => (stderr += data));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));

  expect(code).toBe(1);
  expect(stderr).toContain("already in use, so nothing was started");
  expect(stderr).toMatch(new RegExp(`\\b${takenPort}\\s+\\(dev server\\)`));
  expect(stderr).toContain("TRIGGER_DEV_PORT");
  // Nothing was started: no process wrote under its prefix, and there is no summary.
  expect(stdout).not.toContain("[dev-server]");
  expect(stdout).not.toContain("Open the examples");
});
