// Every example app in a real browser, against an in-process dev server: trigger, watch progress,
// read streamed text, approve a wait token, see the run list, resume after a reload, steer a
// streamed answer through an input stream, and chat on a session.
import { mkdirSync } from "node:fs";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "@trigger-realtime/dev-server";

const root = fileURLToPath(new URL("../..", import.meta.url));
const screenshots = `${root}screenshots`;
const frameworks = ["react", "vue", "svelte", "solid"] as const;
type Framework = (typeof frameworks)[number];

let devServer: DevServer;
let browser: Browser;
const apps = new Map<Framework | "side-by-side", { vite: ViteDevServer; url: string }>();

beforeAll(async () => {
  devServer = await startDevServer({ port: 0, secretKey: "tr_dev_trigger_realtime_e2e" });
  // Read by the examples' api plugin.
  process.env.TRIGGER_API_URL = devServer.url;
  process.env.TRIGGER_SECRET_KEY = devServer.secretKey;
  mkdirSync(screenshots, { recursive: true });

  const [launched] = await Promise.all([
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    }),
    ...[...frameworks, "side-by-side" as const].map(async (framework) => {
      const vite = await createServer({
        configFile: `${root}examples/${framework}/vite.config.ts`,
        server: { port: 0, host: "127.0.0.1", strictPort: false, hmr: false, watch: null },
        logLevel: "error",
        clearScreen: false,
      });
      await vite.listen();
      const { port } = vite.httpServer!.address() as AddressInfo;
      apps.set(framework, { vite, url: `http://127.0.0.1:${port}/` });
    }),
  ]);
  browser = launched;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([...apps.values()].map(({ vite }) => vite.close()));
  await devServer?.close();
});

const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

/**
 * A fresh browser profile (a new user) on the example's page, with page errors collected, and
 * console warnings about the local dev server's plain HTTP (there must be none for 127.0.0.1).
 */
async function open(framework: Framework, viewport = desktop): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.text().includes("Using HTTP (not HTTPS)")) errors.push(message.text());
  });
  await page.goto(apps.get(framework)!.url);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.getByTestId("runs").getByText("No runs yet.").waitFor();
  return { page, errors, close: () => context.close() };
}

/** A page, or an app framed in the side-by-side page. */
type View = Pick<Page, "getByTestId">;

const percent = async (page: View) => Number((await page.getByTestId("percent").textContent())?.replace("%", ""));
const text = async (page: View, section: string, testId: string) =>
  (await page.getByTestId(section).getByTestId(testId).textContent()) ?? "";

/** The page is no wider than the viewport: nothing scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Waits until `read` satisfies `done`, polling; fails with the last value seen. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

describe.each(frameworks)("%s example", (framework) => {
  it("triggers runs and follows them live: progress, streamed text, approval, run list", async () => {
    const { page, errors, close } = await open(framework);
    try {
      await page.getByTestId("trigger").click();
      await page.getByTestId("ask").click();
      await page.getByTestId("request-approval").click();

      // Progress moves through intermediate values.
      const midway = await until(() => percent(page), (value) => value >= 20 && value < 100);
      expect(midway).toBeGreaterThan(0);
      expect(await text(page, "progress-demo", "status")).toBe("EXECUTING");

      // The answer arrives token by token: a partial answer first, then the whole of it.
      const partial = await until(
        () => text(page, "stream-demo", "answer"),
        (value) => value.length > 0 && !value.endsWith("dev server."),
      );
      expect(partial.length).toBeGreaterThan(0);

      // The approval run waits for a person.
      await page.getByTestId("approve").waitFor();
      await until(() => page.getByTestId("approve").isEnabled(), Boolean);
      expect(await text(page, "approval-demo", "status")).toBe("WAITING");
      await page.screenshot({ path: `${screenshots}/${framework}-mid-run.png`, fullPage: true });

      const answer = await until(() => text(page, "stream-demo", "answer"), (value) => value.endsWith("dev server."));
      expect(answer).toContain('You asked: "What does trigger-realtime do?"');
      expect(answer.length).toBeGreaterThan(partial.length);
      await until(() => text(page, "stream-demo", "status"), (value) => value === "COMPLETED");

      await page.getByTestId("approve").click();
      await until(() => text(page, "approval-demo", "decision"), (value) => value.trim() === "Approved");
      expect(await text(page, "approval-demo", "status")).toBe("APPROVED");

      await until(() => percent(page), (value) => value === 100);
      await until(() => text(page, "progress-demo", "status"), (value) => value === "COMPLETED");

      // This user's three runs, live, all finished (the approval one as approved).
      const list = page.getByTestId("runs").locator("li");
      await until(() => list.allTextContents(), (items) => items.length === 3 && items.every((item) => /COMPLETED|APPROVED/.test(item)));
      const items = await list.allTextContents();
      for (const task of ["progress", "ai-stream", "approval"]) expect(items.join("\n")).toContain(task);

      await page.waitForTimeout(300); // the bar's width transition
      await page.screenshot({ path: `${screenshots}/${framework}-done.png`, fullPage: true });
      await expectNoSidewaysScroll(page);
      expect(await page.getByRole("alert").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe.each(frameworks)("%s example, live demos", (framework) => {
  it("streams an answer, redirects it, stops it; chats on a session turn by turn (at phone width)", async () => {
    const { page, errors, close } = await open(framework, phone);
    try {
      // A slow answer (600 ms a token), so that it is still answering when the redirect and the stop arrive.
      await page.route("**/api/steer", (route) =>
        route.continue({ postData: JSON.stringify({ ...(route.request().postDataJSON() as object), delayMs: 600 }) }),
      );
      const steer = page.getByTestId("steer-demo");
      await steer.getByTestId("steer-prompt").fill("Why steer?");
      await steer.getByTestId("steer-start").click();
      await until(() => text(page, "steer-demo", "steer-answer"), (value) => value.includes('On "Why steer?"'), 30_000);
      await until(() => text(page, "steer-demo", "steer-phase"), (value) => value === "answering");
      await until(() => steer.getByTestId("redirect").isEnabled(), Boolean);
      await steer.getByTestId("redirect-prompt").fill("Shorter please");
      await steer.getByTestId("redirect").click();
      // The answer breaks off and starts over on the new prompt, in the same stream.
      const redirected = await until(() => text(page, "steer-demo", "steer-answer"), (value) => value.includes(' → On "Shorter please"'), 30_000);
      expect(redirected.startsWith('On "Why steer?"')).toBe(true);
      await until(() => steer.getByTestId("stop").isEnabled(), Boolean);
      await steer.getByTestId("stop").click();
      await until(() => text(page, "steer-demo", "steer-phase"), (value) => value === "stopped", 30_000);
      await until(() => text(page, "steer-demo", "status"), (value) => value === "COMPLETED", 30_000);
      expect(await text(page, "steer-demo", "steer-final")).toMatch(/^Stopped after 2 prompts, \d+ characters\.$/);
      // Stopped mid-answer: the redirected answer never reached its end.
      expect(await text(page, "steer-demo", "steer-answer")).not.toMatch(/redirect or stop\.$/);
      expect(await steer.getByTestId("stop").isDisabled()).toBe(true);

      const chat = page.getByTestId("chat-demo");
      await chat.getByTestId("chat-open").click();
      const turns = chat.getByTestId("chat-log").locator("li");
      for (const [index, message] of ["Hi from the browser", "And once more"].entries()) {
        await until(() => chat.getByTestId("chat-send").isEnabled(), Boolean, 30_000);
        await chat.getByTestId("chat-message").fill(message);
        await chat.getByTestId("chat-send").click();
        const turn = turns.nth(index);
        await until(() => turn.getAttribute("data-complete"), (value) => value === "true", 30_000);
        // A turn shows as complete only with its whole answer.
        expect(await turn.getByTestId("reply").textContent()).toBe(`You said: ${message}`);
        expect(await turn.getByTestId("turn-status").textContent()).toContain("turn complete");
      }
      expect(await turns.count()).toBe(2);
      expect(await turns.first().getByTestId("reply").textContent()).toBe("You said: Hi from the browser");

      await page.screenshot({ path: `${screenshots}/${framework}-live-demos-phone.png`, fullPage: true });
      await expectNoSidewaysScroll(page);
      expect(await page.getByRole("alert").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});

describe.each(frameworks)("%s example, reloaded mid-run", (framework) => {
  it("picks the run up again after a reload and follows it to the end", async () => {
    const { page, errors, close } = await open(framework);
    try {
      await page.getByTestId("trigger").click();
      const before = await until(() => percent(page), (value) => value >= 10 && value <= 50);
      await page.reload();
      // The page shows the run where it is now, not from zero, and keeps following it.
      const after = await until(() => percent(page), (value) => value > 0);
      expect(after).toBeGreaterThanOrEqual(before);
      expect(await text(page, "progress-demo", "status")).toBe("EXECUTING");
      await until(() => percent(page), (value) => value === 100);
      await until(() => text(page, "progress-demo", "status"), (value) => value === "COMPLETED");
      expect(await page.getByTestId("runs").locator("li").count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe.each(frameworks)("%s example, with bad tokens", (framework) => {
  it("shows an expired or wrong token's error, and a new run clears it", async () => {
    const progressRun = await devServer.trigger("progress", { steps: 100, delayMs: 100 });
    const streamRun = await devServer.trigger("ai-stream", { prompt: "Who may read this?", delayMs: 100 });
    const expired = await devServer.createPublicToken({
      scopes: { read: { runs: [progressRun.id] } },
      expirationTime: Math.floor(Date.now() / 1000) - 60,
    });
    const { page, errors, close } = await open(framework);
    try {
      // The runs the page remembers now hold tokens the server refuses.
      await page.evaluate(
        ([progress, stream]) => {
          localStorage.setItem("trigger-realtime-example:progress", JSON.stringify(progress));
          localStorage.setItem("trigger-realtime-example:ai-stream", JSON.stringify(stream));
        },
        [
          { id: progressRun.id, publicAccessToken: expired },
          { id: streamRun.id, publicAccessToken: "not-a-token" },
        ],
      );
      await page.reload();
      const progressAlert = page.getByTestId("progress-demo").getByRole("alert");
      const streamAlert = page.getByTestId("stream-demo").getByRole("alert");
      await progressAlert.waitFor();
      await streamAlert.waitFor();
      expect(await progressAlert.textContent()).toMatch(/Not authorized to read .*run_.*Why: the public access token expired at/);
      expect(await streamAlert.textContent()).toMatch(/Not authorized to read .*run_.*Why: the public access token is not a JWT/);
      expect(await text(page, "progress-demo", "status")).toBe("NOT STARTED");
      expect(await percent(page)).toBe(0);
      await page.screenshot({ path: `${screenshots}/${framework}-token-errors.png`, fullPage: true });

      // A new run comes with a valid token: the error goes, the new run shows.
      await page.getByTestId("trigger").click();
      await until(() => percent(page), (value) => value > 0);
      expect(await progressAlert.count()).toBe(0);
      expect(await streamAlert.count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe.each(frameworks)("%s example at phone width", (framework) => {
  it("fits 390 px without scrolling sideways, and shows a rejected approval apart from an approved one", async () => {
    const { page, errors, close } = await open(framework, phone);
    try {
      await page.getByTestId("trigger").click();
      await page.getByTestId("ask").click();
      await page.getByTestId("request-approval").click();
      await until(() => page.getByTestId("reject").isEnabled().catch(() => false), Boolean);
      await page.getByTestId("reject").click();
      await until(() => text(page, "approval-demo", "decision"), (value) => value.trim() === "Rejected");
      const badge = page.getByTestId("approval-demo").getByTestId("status");
      expect(await badge.textContent()).toBe("REJECTED");
      expect(await badge.getAttribute("class")).toContain("rejected");
      await until(() => text(page, "stream-demo", "answer"), (value) => value.endsWith("dev server."));
      await until(() => percent(page), (value) => value === 100);
      const list = page.getByTestId("runs").locator("li");
      await until(() => list.allTextContents(), (items) => items.length === 3 && items.some((item) => item.includes("REJECTED")));
      await page.waitForTimeout(300); // the bar's width transition
      await page.screenshot({ path: `${screenshots}/${framework}-phone.png`, fullPage: true });
      await expectNoSidewaysScroll(page);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe.each(frameworks)("%s example, with the dev server down", (framework) => {
  it("shows that it is connecting, then which address does not answer", async () => {
    // A port nothing listens on.
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
    process.env.TRIGGER_API_URL = deadUrl;
    const context = await browser.newContext({ viewport: desktop });
    try {
      const page = await context.newPage();
      // The session answer is held until the loading state has been seen.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/api/session", async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(apps.get(framework)!.url);
      await page.getByTestId("loading").waitFor();
      release();
      const alert = page.getByRole("alert");
      await alert.waitFor({ timeout: 5_000 });
      expect(await alert.textContent()).toContain(`Cannot reach the Trigger.dev dev server at ${deadUrl}`);
      expect(await page.getByTestId("loading").count()).toBe(0);
      await page.screenshot({ path: `${screenshots}/${framework}-dev-server-down.png`, fullPage: true });
    } finally {
      process.env.TRIGGER_API_URL = devServer.url;
      await context.close();
    }
  });
});

describe("the dev server's own page", () => {
  it.each([
    ["desktop", desktop],
    ["phone", phone],
  ] as const)("lists its runs and follows the picked one live (%s)", async (name, viewport) => {
    const run = await devServer.trigger("ai-stream", { prompt: "Shown on the server's page?", delayMs: 20 }, { tags: [`page_${name}`] });
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    try {
      await page.goto(`${devServer.url}/`);
      const row = page.locator(`tr[data-run-id="${run.id}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain(`page_${name}`);
      await row.click();
      const detail = page.getByTestId("run-detail");
      // The streamed answer (not the output's escaped copy of it) and the final status.
      await until(() => detail.textContent(), (value) => !!value?.includes('You asked: "Shown on the server\'s page?"') && value.includes("COMPLETED"));
      await page.screenshot({ path: `${screenshots}/dev-server-page-${name}.png`, fullPage: true });
      await expectNoSidewaysScroll(page);
      expect(await page.getByRole("alert").isHidden()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

it("shows a failure to start instead of swallowing it", async () => {
  const { page, close } = await open("react");
  try {
    await page.context().clearCookies();
    await page.getByTestId("trigger").click();
    await page.getByRole("alert").getByText("No session: reload the page").waitFor();
  } finally {
    await close();
  }
});

it("side by side: the same runs followed by all four apps, approved in one, finished in all", async () => {
  // Tall enough to show every frame: Chromium does not paint frames outside the viewport.
  const context = await browser.newContext({ viewport: { width: 1700, height: 1700 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    // The page frames each app at the address given for it (the test's servers, not pnpm dev's ports).
    const addresses = new URLSearchParams(frameworks.map((framework) => [framework, apps.get(framework)!.url]));
    await page.goto(`${apps.get("side-by-side")!.url}?${addresses}`);
    const views = frameworks.map((framework) => ({ framework, view: page.frameLocator(`iframe[name="${framework}"]`) }));
    // Every app is up (this browser's session, no runs yet) before the runs start.
    await Promise.all(views.map(({ view }) => view.getByTestId("runs").getByText("No runs yet.").waitFor()));
    const start = page.getByTestId("start-all");
    await until(() => start.isEnabled(), Boolean);
    await start.click();
    const ids = await until(
      async () => ((await page.getByTestId("started").textContent()) ?? "").match(/run_[a-z0-9]+/g) ?? [],
      (found) => found.length === 3,
    );

    // Every app follows the same runs: progress under way, the approval waiting, the same run list.
    await Promise.all(
      views.map(async ({ view }) => {
        await until(() => percent(view), (value) => value > 0);
        await view.getByTestId("approve").waitFor();
        await until(() => view.getByTestId("approve").isEnabled(), Boolean);
        expect(await text(view, "approval-demo", "status")).toBe("WAITING");
        const listed = await until(() => view.getByTestId("runs").locator("code").allTextContents(), (items) => items.length === 3);
        expect([...listed].sort()).toEqual([...ids].sort());
      }),
    );
    const midway = await Promise.all(views.map(({ view }) => percent(view)));
    expect(midway.every((value) => value > 0 && value < 100)).toBe(true);
    await page.screenshot({ path: `${screenshots}/side-by-side-mid-run.png`, fullPage: true });

    // Approved in the Vue app; every app sees the run resume and finish.
    await page.frameLocator('iframe[name="vue"]').getByTestId("approve").click();
    const answers = await Promise.all(
      views.map(async ({ view }) => {
        await until(() => text(view, "approval-demo", "decision"), (value) => value.trim() === "Approved");
        await until(() => percent(view), (value) => value === 100);
        await until(() => text(view, "progress-demo", "status"), (value) => value === "COMPLETED");
        const answer = await until(() => text(view, "stream-demo", "answer"), (value) => value.endsWith("dev server."));
        expect(await view.getByRole("alert").count()).toBe(0);
        return answer;
      }),
    );
    expect(new Set(answers).size).toBe(1);
    await page.waitForTimeout(300); // the bars' width transition
    await page.screenshot({ path: `${screenshots}/side-by-side-done.png`, fullPage: true });

    // On a phone the frames stack, one app under another, and nothing scrolls sideways (tall
    // enough that every stacked frame is painted).
    await page.setViewportSize({ width: phone.width, height: 3400 });
    await until(() => page.evaluate(() => document.documentElement.scrollWidth), (width) => width <= phone.width);
    await page.screenshot({ path: `${screenshots}/side-by-side-phone.png`, fullPage: true });
    await expectNoSidewaysScroll(page);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
