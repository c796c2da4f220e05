// Shared by the benchmark processes: where the dev server is, its control API, results back to
// `bench/run.mjs`, heap figures, timing helpers and a jsdom window for the UI frameworks.

export interface ServerInfo {
  /** The Trigger.dev API. */
  url: string;
  secretKey: string;
  /** The bench control API (see support/server.ts). */
  control: string;
}

export function serverInfo(): ServerInfo {
  const { BENCH_SERVER_URL: url, BENCH_SECRET_KEY: secretKey, BENCH_CONTROL_URL: control } = process.env;
  if (!url || !secretKey || !control) throw new Error("Run the benchmarks with `pnpm bench` (bench/run.mjs starts the dev server).");
  return { url, secretKey, control };
}

export async function control<T = any>(op: string, body: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${serverInfo().control}/${op}`, { method: "POST", body: JSON.stringify(body) });
  const result = await response.json();
  if (!response.ok) throw new Error(`control ${op}: ${result.error}`);
  return result as T;
}

/** Hands this benchmark's figures to bench/run.mjs. */
export function report(result: unknown): void {
  if (process.send) process.send({ result });
  else console.log(JSON.stringify(result, null, 2));
}

const gc = (globalThis as { gc?: () => void }).gc;

/** `heapUsed` after full collections (needs --expose-gc). */
export async function heapAfterGc(): Promise<number> {
  if (!gc) throw new Error("run with --expose-gc");
  for (let round = 0; round < 4; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => boolean, what: string, timeoutMs = 60_000, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** CPU time (user + system) in ms spent by this process since `since`. */
export const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

export const mb = (bytes: number) => bytes / (1024 * 1024);

/** A browser-like global environment (jsdom), as the UI frameworks expect. */
export async function installDom(): Promise<{ close(): void }> {
  const { JSDOM } = await import("jsdom");
  const dom = new JSDOM("<!doctype html><html><body></body></html>", { url: "http://localhost/", pretendToBeVisual: true });
  const { window } = dom;
  const globals: Record<string, unknown> = {
    window,
    document: window.document,
    HTMLElement: window.HTMLElement,
    Element: window.Element,
    Node: window.Node,
    Text: window.Text,
    Comment: window.Comment,
    DocumentFragment: window.DocumentFragment,
    MutationObserver: window.MutationObserver,
    SVGElement: window.SVGElement,
    Event: window.Event,
    getComputedStyle: window.getComputedStyle.bind(window),
    requestAnimationFrame: window.requestAnimationFrame.bind(window),
    cancelAnimationFrame: window.cancelAnimationFrame.bind(window),
    IS_REACT_ACT_ENVIRONMENT: false,
  };
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  if (!("navigator" in globalThis)) Object.defineProperty(globalThis, "navigator", { value: window.navigator, configurable: true });
  return { close: () => window.close() };
}
