// Run by connections.mjs (bundled first). Renders N components on one run with each library.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>", { url: "http://localhost/", pretendToBeVisual: true });
Object.assign(globalThis, {
  window: dom.window,
  document: dom.window.document,
  HTMLElement: dom.window.HTMLElement,
  Node: dom.window.Node,
  IS_REACT_ACT_ENVIRONMENT: false,
});
if (!("navigator" in globalThis)) Object.assign(globalThis, { navigator: dom.window.navigator });

const COMPONENTS = Number(process.env.COMPONENTS ?? 50);
const { createElement } = await import("react");
const { createRoot } = await import("react-dom/client");
const { startDevServer } = await import("@trigger-realtime/dev-server");
const ours = await import("@trigger-realtime/react");
const official = await import("@trigger.dev/react-hooks");

const server = await startDevServer({ port: 0 });
const accessToken = await server.createPublicToken({ scopes: ["read:all"] });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}
/** The number of held long-polls once it has not changed for `quietMs`. */
async function settledOpenLongPolls(quietMs = 750) {
  let value = server.stats().openShapeRequests;
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await sleep(25);
    const next = server.stats().openShapeRequests;
    if (next !== value) [value, since] = [next, Date.now()];
  }
  return value;
}

async function measure(name: string, useRealtimeRun: typeof ours.useRealtimeRun) {
  const controller = server.createRun({ taskIdentifier: "manual" });
  const runId = controller.run.friendlyId;
  let shown = 0;
  const seen = new Set<number>();
  function Badge({ index }: { index: number }) {
    const { run } = useRealtimeRun(runId, { accessToken, baseURL: server.url });
    if (run && !seen.has(index)) {
      seen.add(index);
      shown++;
    }
    return createElement("span", null, run?.status ?? "…");
  }
  const shapeRequestsBefore = server.stats().requests.shape ?? 0;
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  root.render(createElement("div", null, Array.from({ length: COMPONENTS }, (_, index) => createElement(Badge, { key: index, index }))));
  await until(() => shown === COMPONENTS, `${name}: every component showing the run`);
  const open = await settledOpenLongPolls();
  const requests = (server.stats().requests.shape ?? 0) - shapeRequestsBefore;
  root.unmount();
  container.remove();
  await until(() => server.stats().openShapeRequests === 0, `${name}: connections closed after unmount`);
  controller.complete();
  return { open, requests };
}

try {
  const mine = await measure("@trigger-realtime/react", ours.useRealtimeRun);
  const theirs = await measure("@trigger.dev/react-hooks", official.useRealtimeRun as unknown as typeof ours.useRealtimeRun);
  console.log(`${COMPONENTS} components on one run: open long-polls held by the server (shape requests served while mounting)`);
  console.log(`  @trigger-realtime/react    ${String(mine.open).padStart(4)}  (${mine.requests} requests)`);
  console.log(`  @trigger.dev/react-hooks   ${String(theirs.open).padStart(4)}  (${theirs.requests} requests)`);
  console.log(`  ratio official/ours: ${(theirs.open / Math.max(mine.open, 1)).toFixed(0)}x`);
  if (mine.open !== 1) process.exitCode = 1;
} finally {
  await server.close();
  dom.window.close();
}
