// The server-rendered examples (Next.js, Nuxt, SvelteKit, SolidStart) as their users ship them:
// production builds against an in-process dev server, in Debian's Chromium. The HTML carries the
// run's real state before any script runs; the browser hydrates it without a warning and follows
// the run live to COMPLETED without reading the run from the beginning again.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "@trigger-realtime/dev-server";

const root = fileURLToPath(new URL("../..", import.meta.url));
const screenshots = `${root}screenshots`;
const apps = ["next", "nuxt", "sveltekit", "solid-start"] as const;
type App = (typeof apps)[number];

/** How each app's production server starts (in its folder), given a port and the API's env. */
const productionServer: Record<App, (port: number) => { command: string[]; env?: Record<string, string> }> = {
  next: (port) => ({ command: ["node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"] }),
  nuxt: (port) => ({ command: [".output/server/index.mjs"], env: { PORT: String(port), HOST: "127.0.0.1" } }),
  sveltekit: (port) => ({ command: ["build/index.js"], env: { PORT: String(port), HOST: "127.0.0.1", ORIGIN: `http://127.0.0.1:${port}` } }),
  "solid-start": (port) => ({ command: [".output/server/index.mjs"], env: { PORT: String(port), HOST: "127.0.0.1" } }),
};

let devServer: DevServer;
let browser: Browser;
let apiEnv: Record<string, string>;
const urls = new Map<App, string>();
const children: ChildProcess[] = [];

/** Runs `args` in the app's folder; resolves with its output, rejects with it on failure. */
function run(app: App, args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(process.execPath, args, {
    cwd: `${root}examples/${app}`,
    env: { ...process.env, ...apiEnv, NEXT_TELEMETRY_DISABLED: "1", NUXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (data) => (output += data));
  child.stderr!.on("data", (data) => (output += data));
  const done = new Promise<string>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${app} ${args.join(" ")} exited with ${code}:\n${output.slice(-4000)}`)))),
  );
  return { child, done };
}

const buildCommand: Record<App, string[]> = {
  next: ["node_modules/next/dist/bin/next", "build", "--webpack"],
  nuxt: ["node_modules/nuxt/bin/nuxt.mjs", "build"],
  sveltekit: ["node_modules/vite/bin/vite.js", "build"],
  "solid-start": ["node_modules/vinxi/bin/cli.mjs", "build"],
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `url` answers, or rejects when the process dies first. */
async function answering(url: string, exited: Promise<string>): Promise<void> {
  let dead: Error | undefined;
  exited.then(
    () => (dead = new Error(`${url}: the server exited`)),
    (error: Error) => (dead = error),
  );
  for (;;) {
    if (dead) throw dead;
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startApp(app: App): Promise<void> {
  const port = await freePort();
  const { command, env } = productionServer[app](port);
  const url = `http://127.0.0.1:${port}/`;
  await answering(url, run(app, command, env).done);
  urls.set(app, url);
}

beforeAll(async () => {
  devServer = await startDevServer({ port: 0, secretKey: "tr_dev_trigger_realtime_meta" });
  // Answers paced at 400 ms a token: a redirect or stop clicked after the first tokens lands
  // while the answer still streams on a busy machine.
  apiEnv = { TRIGGER_API_URL: devServer.url, TRIGGER_SECRET_KEY: devServer.secretKey, LIVE_DEMO_ANSWER_DELAY_MS: "400" };
  mkdirSync(screenshots, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

/** Builds every app for production and starts its server; two builds at a time (two cores). */
async function buildAndStartAll(): Promise<void> {
  const queue = [...apps];
  const builder = async () => {
    for (let app = queue.shift(); app; app = queue.shift()) {
      await run(app, buildCommand[app]).done;
      await startApp(app);
    }
  };
  await Promise.all([builder(), builder()]);
}

afterAll(async () => {
  await browser?.close();
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await devServer?.close();
});

/**
 * A page that records what must never happen: a script error, a console error, a hydration
 * warning; and every run-feed request the browser makes to the API.
 */
async function watchedPage(width = 1280): Promise<{ page: Page; problems: string[]; feedRequests: URL[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const feedRequests: URL[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || /hydrat|mismatch/i.test(message.text())) problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin === devServer.url && url.pathname.startsWith("/realtime/v1/runs/")) feedRequests.push(url);
  });
  return { page, problems, feedRequests, close: () => context.close() };
}

/** The text of the element with `data-testid`, in server HTML (framework markers left out). */
function testIdText(html: string, testId: string): string | undefined {
  const match = new RegExp(`data-testid="${testId}"[^>]*>(.*?)</`, "s").exec(html);
  return match?.[1]!.replace(/<!--.*?-->/gs, "").trim();
}

const progressOfRun = (runId: string) => Number(devServer.getRun(runId)?.metadata?.progress ?? 0);

/** Opens a demo page from the home page's link, once its page script runs (its first button waits for it). */
async function openDemo(page: Page, app: App, demo: "answer" | "chat", firstButton: string): Promise<void> {
  await page.goto(urls.get(app)!);
  await page.getByTestId(`${demo}-link`).click();
  await page.waitForURL(new RegExp(`/${demo}$`));
  await page.locator(`[data-testid="${firstButton}"]:enabled`).waitFor({ timeout: 60_000 });
}

describe("production builds", () => {
  beforeAll(buildAndStartAll, 900_000);

  describe.each(apps)("%s example", (app) => {
    it("renders the run's real state on the server, hydrates cleanly and follows it live to COMPLETED", async () => {
      const { page, problems, feedRequests, close } = await watchedPage();
      try {
        // The server triggers the task and sends the browser to the run's page.
        await page.goto(urls.get(app)!);
        await page.getByTestId("start").click();
        await page.waitForURL(/\/runs\/run_[a-z0-9]+$/);
        const runUrl = page.url();
        const runId = runUrl.split("/").pop()!;

        // The HTML alone, without any script: the run's state as the server saw it while rendering.
        const before = progressOfRun(runId);
        const response = await fetch(runUrl);
        const html = await response.text();
        const after = progressOfRun(runId);
        expect(response.status).toBe(200);
        expect(testIdText(html, "run-id")).toBe(runId);
        expect(["QUEUED", "EXECUTING", "COMPLETED"]).toContain(testIdText(html, "status"));
        const served = Number(testIdText(html, "percent")?.replace("%", ""));
        expect(served).toBeGreaterThanOrEqual(before);
        expect(served).toBeLessThanOrEqual(after);
        if (served > 0) expect(testIdText(html, "status")).not.toBe("QUEUED");

        // A full load of the run's page: hydrated from the server's state, then live.
        feedRequests.length = 0;
        await page.goto(runUrl);
        expect(await page.getByTestId("status").textContent()).not.toBe("UNKNOWN");
        await page.getByTestId("status").getByText("COMPLETED").waitFor({ timeout: 30_000 });
        expect(await page.getByTestId("percent").textContent()).toBe("100%");
        await page.screenshot({ path: `${screenshots}/${app}-desktop.png`, fullPage: true });
        await page.setViewportSize({ width: 390, height: 800 });
        await page.screenshot({ path: `${screenshots}/${app}-390.png`, fullPage: true });

        // The browser resumed the server's read: it never read the run from the beginning.
        expect(feedRequests.length).toBeGreaterThan(0);
        expect(feedRequests.map((url) => url.searchParams.get("offset"))).not.toContain("-1");
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }, 120_000);

    it("streams a steerable answer, redirects it from the browser while it streams, and shows its final output", async () => {
      const { page, problems, close } = await watchedPage(390);
      try {
        await openDemo(page, app, "answer", "ask");
        await page.getByTestId("prompt").fill("Why steer an answer?");
        await page.getByTestId("ask").click();
        // First tokens, and still answering: the redirect lands while the answer streams.
        const text = page.getByTestId("answer-text");
        await text.getByText('On "Why steer an answer?"').waitFor({ timeout: 60_000 });
        await page.getByTestId("answer-status").getByText("answering").waitFor({ timeout: 60_000 });
        await page.getByTestId("redirect-prompt").fill("And what is an input stream?");
        await page.getByTestId("redirect").click();
        await text.getByText('→ On "And what is an input stream?"').waitFor({ timeout: 60_000 });
        await page.getByTestId("answer-status").getByText("answered").waitFor({ timeout: 60_000 });
        const output = page.getByTestId("answer-output");
        await output.waitFor({ timeout: 60_000 });
        expect(await output.textContent()).toMatch(/On "Why steer an answer\?".* → On "And what is an input stream\?"/);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await page.screenshot({ path: `${screenshots}/${app}-answer-390.png`, fullPage: true });
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }, 180_000);

    it("stops a steerable answer from the browser where it is", async () => {
      const { page, problems, close } = await watchedPage(390);
      try {
        await openDemo(page, app, "answer", "ask");
        await page.getByTestId("ask").click();
        await page.getByTestId("answer-text").getByText("On ").waitFor({ timeout: 60_000 });
        await page.getByTestId("answer-status").getByText("answering").waitFor({ timeout: 60_000 });
        await page.getByTestId("stop").click();
        await page.getByTestId("answer-status").getByText("stopped").waitFor({ timeout: 60_000 });
        // The final output ends where the answer stopped: before the end of its sentence.
        await page.getByTestId("answer-output").waitFor({ timeout: 60_000 });
        expect(await page.getByTestId("answer-output").textContent()).not.toMatch(/redirect or stop\.$/);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }, 180_000);

    it("opens a chat, sends a message through the app's server and shows the answer's turn complete", async () => {
      const { page, problems, close } = await watchedPage(390);
      try {
        await openDemo(page, app, "chat", "open-chat");
        await page.getByTestId("open-chat").click();
        await page.getByTestId("chat-message").fill(`Hello from ${app}`);
        await page.getByTestId("chat-send").click();
        const turn = page.getByTestId("turn").filter({ hasText: `You said: Hello from ${app}` });
        await turn.waitFor({ timeout: 60_000 });
        await turn.getByTestId("turn-complete").waitFor({ timeout: 60_000 });
        expect(await turn.getAttribute("data-complete")).toBe("true");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await page.screenshot({ path: `${screenshots}/${app}-chat-390.png`, fullPage: true });
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }, 180_000);
  });
});

describe("solid-start example in dev mode", () => {
  it("hydrates without an error on ten loads, starting from a cold Vite cache", async () => {
    const folder = `${root}examples/solid-start`;
    for (const cache of ["node_modules/.vite", "node_modules/.vinxi", ".vinxi/cache"]) rmSync(`${folder}/${cache}`, { recursive: true, force: true });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    await answering(url, run("solid-start", ["node_modules/vinxi/bin/cli.mjs", "dev", "--port", String(port), "--host", "127.0.0.1"]).done);

    const { id } = await devServer.trigger("progress", { steps: 10, delayMs: 500 });
    const { page, problems, close } = await watchedPage();
    try {
      for (let load = 0; load < 10; load++) {
        // The first load compiles the app on demand (and optimizes its dependencies): slow.
        // Hydrated and subscribed: the page asks the API for the run's feed.
        const subscribed = page.waitForRequest((request) => request.url().startsWith(`${devServer.url}/realtime/v1/runs/${id}`), { timeout: 300_000 });
        await page.goto(`${url}runs/${id}`, { timeout: 300_000 });
        await subscribed;
        expect(await page.getByTestId("run-id").textContent()).toBe(id);
        expect(await page.getByTestId("status").textContent()).not.toBe("UNKNOWN");
      }
      await page.getByTestId("status").getByText("COMPLETED").waitFor({ timeout: 30_000 });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  }, 600_000);
});
