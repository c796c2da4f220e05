import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, useDevServer } from "@trigger-realtime/test-support";

// The server's own page at `/`: its runs, read with a token handed only to this machine.

const dev = useDevServer();

/** GET with a chosen Host header (fetch may not set one). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, type: response.headers["content-type"], body }));
    })
      .on("error", reject)
      .end();
  });
}

const tokenIn = (html: string) => (JSON.parse(/<script id="runs-page-config" type="application\/json">(.*?)<\/script>/.exec(html)![1]!) as { accessToken?: string }).accessToken;

describe("GET /", () => {
  it("is an HTML page whose token lists every run, newest first, with status, tags and metadata", async () => {
    const first = await dev.server.trigger("progress", { steps: 2, delayMs: 20 }, { tags: ["page_a"] });
    const second = await dev.server.trigger("approval", { question: "Ship it?" }, { tags: ["page_b"], metadata: { asked: true } });
    const page = await get(`${dev.baseURL}/`);
    expect(page.status).toBe(200);
    expect(page.type).toContain("text/html");
    expect(page.body).toContain('<script type="module" src="/_dev/runs-page.js">');
    const token = tokenIn(page.body);
    expect(token).toMatch(/^ey/);

    const listed = await fetch(`${dev.baseURL}/_dev/runs`, { headers: { authorization: `Bearer ${token}` } });
    expect(listed.status).toBe(200);
    const { runs } = (await listed.json()) as { runs: { id: string; taskIdentifier: string; status: string; tags: string[]; metadata?: Record<string, unknown> }[] };
    const ids = runs.map((run) => run.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(runs.find((run) => run.id === second.id)).toMatchObject({ taskIdentifier: "approval", tags: ["page_b"], metadata: { asked: true } });
    expect(runs.find((run) => run.id === first.id)?.status).toMatch(/QUEUED|EXECUTING|COMPLETED/);
  });

  it("refuses a request addressed by another name (DNS rebinding), token and all", async () => {
    const page = await get(`${dev.baseURL}/`, { host: "attacker.example:80" });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain("runs-page-config");
  });

  it("lists runs only with a token that may read every run", async () => {
    expect((await fetch(`${dev.baseURL}/_dev/runs`)).status).toBe(401);
    const narrow = await dev.token(["read:tags:someone"]);
    expect((await fetch(`${dev.baseURL}/_dev/runs`, { headers: { authorization: `Bearer ${narrow}` } })).status).toBe(403);
  });

  it("serves its script bundled from the TypeScript sources, with the core client inside", async () => {
    const script = await get(`${dev.baseURL}/_dev/runs-page.js`);
    expect(script.status).toBe(200);
    expect(script.type).toContain("text/javascript");
    // A header name of the shape protocol, from the Electric client core bundles.
    expect(script.body).toContain("electric-handle");
    expect(script.body.length).toBeGreaterThan(10_000);
  });
});

describe("the CLI's bin", () => {
  let child: ChildProcess | undefined;
  afterEach(() => void child?.kill("SIGTERM"));

  it("runs from the repository with no build step and serves the page", async () => {
    const packageDir = fileURLToPath(new URL("..", import.meta.url));
    child = spawn(process.execPath, ["bin/trigger-realtime-dev.js", "--port", "0"], { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (data: Buffer) => (stdout += data));
    child.stderr!.on("data", (data: Buffer) => (stderr += data));
    const url = await eventually(() => /listening on (http:\/\/\S+)/.exec(stdout)?.[1], 20_000, `the bin to start (${stderr})`);
    const page = await get(`${url}/`);
    expect(page.status).toBe(200);
    expect(tokenIn(page.body)).toMatch(/^ey/);
  });
});
