// The Node example (examples/node) against an in-process dev server: it triggers the demo tasks
// with the official SDK and follows them with @trigger-realtime/core's async iterators, steers an
// answer through an input stream and chats on a session.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { useDevServer } from "@trigger-realtime/test-support";

const cwd = fileURLToPath(new URL("../node", import.meta.url));
const dev = useDevServer({ server: { secretKey: "tr_dev_trigger_realtime_node" } });

/** Runs `pnpm start`'s command in examples/node; resolves with its exit code and output. */
function runScript(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd,
      env: { ...process.env, TRIGGER_API_URL: dev.server.url, TRIGGER_SECRET_KEY: dev.server.secretKey, DELAY_MS: "60", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (data) => (stdout += data));
    child.stderr.on("data", (data) => (stderr += data));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

it("follows progress, streams the answer, approves, lists the runs of its tag, steers an answer and chats", async () => {
  const { code, stdout, stderr } = await runScript({});
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const lines = stdout.split("\n");
  // Progress moves through intermediate values to 100 %.
  const progress = lines.filter((line) => line.startsWith("progress: ") && line.endsWith("%"));
  expect(progress.length).toBeGreaterThanOrEqual(3);
  expect(progress.at(-1)).toBe("progress: COMPLETED 100%");
  expect(stdout).toContain(
    'ai-stream: You asked: "What does trigger-realtime do?". Here is a streamed answer, one token at a time, from the trigger-realtime dev server.\n',
  );
  expect(stdout).toContain('approval: "Deploy to production?" → approve\napproval: COMPLETED, approved\n');
  const listed = lines.filter((line) => line.startsWith("runs tagged ") && line.endsWith(" COMPLETED"));
  expect(listed.map((line) => line.split(" ")[3]).sort()).toEqual(["ai-stream", "approval", "progress"]);
  expect(lines.at(-2)).toBe("done");
  // The answer breaks off at the redirect (however far it got) and starts over on the new prompt.
  const steered = lines.find((line) => line.startsWith("steer: On "));
  expect(steered).toMatch(/^steer: On "What .* → On "Say it shorter": here is an answer, streamed one token at a time, that you can redirect or stop\.$/);
  expect(stdout).toContain("steer: COMPLETED, answered after 2 prompts\n");
  expect(stdout).toContain("chat: you: Hello from Node\nchat: You said: Hello from Node (turn complete)\n");
});

it("rejects when told to, and reports a wrong secret key as an error", async () => {
  const rejected = await runScript({ APPROVE: "false" });
  expect(rejected.code).toBe(0);
  expect(rejected.stdout).toContain("approval: COMPLETED, rejected\n");

  const wrongKey = await runScript({ TRIGGER_SECRET_KEY: "tr_dev_wrong" });
  expect(wrongKey.code).toBe(1);
  expect(wrongKey.stderr).toMatch(/^error: .+/);
});
