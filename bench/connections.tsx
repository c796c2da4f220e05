// Connections opened by 50 React components (react-dom in jsdom) showing one run with
// `useRealtimeRun`, ours vs `@trigger.dev/react-hooks`, counted by the dev server: the live
// long-polls it holds once the count is stable, and the shape requests it served meanwhile.
import { control, installDom, report, serverInfo, sleep, until } from "./support/harness.js";

const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 50);

const dom = await installDom();
const { createElement } = await import("react");
const { createRoot } = await import("react-dom/client");
const ours = await import("@trigger-realtime/react");
const official = await import("@trigger.dev/react-hooks");
const { url } = serverInfo();

interface Stats {
  openShapeRequests: number;
  requests: Record<string, number>;
}
const stats = () => control<Stats>("stats");

/** The number of held long-polls once it has not changed for `quietMs`. */
async function settledOpenLongPolls(quietMs = 750) {
  let value = (await stats()).openShapeRequests;
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await sleep(25);
    const next = (await stats()).openShapeRequests;
    if (next !== value) [value, since] = [next, Date.now()];
  }
  return value;
}

async function measure(name: string, useRealtimeRun: typeof ours.useRealtimeRun) {
  const { id: runId } = await control<{ id: string }>("createRun", {});
  const { token } = await control<{ token: string }>("publicToken", { scopes: [`read:runs:${runId}`] });
  let shown = 0;
  const seen = new Set<number>();
  function Badge({ index }: { index: number }) {
    const { run } = useRealtimeRun(runId, { accessToken: token, baseURL: url });
    if (run && !seen.has(index)) {
      seen.add(index);
      shown++;
    }
    return createElement("span", null, run?.status ?? "…");
  }
  const before = (await stats()).requests.shape ?? 0;
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  root.render(createElement("div", null, Array.from({ length: COMPONENTS }, (_, index) => createElement(Badge, { key: index, index }))));
  await until(() => shown === COMPONENTS, `${name}: every component showing the run`, 30_000, 20);
  const open = await settledOpenLongPolls();
  const requests = ((await stats()).requests.shape ?? 0) - before;
  root.unmount();
  container.remove();
  const deadline = Date.now() + 20_000;
  while ((await stats()).openShapeRequests > 0 && Date.now() < deadline) await sleep(50);
  await control("complete", { id: runId });
  return { open, requests };
}

const mine = await measure("@trigger-realtime/react", ours.useRealtimeRun);
const theirs = await measure("@trigger.dev/react-hooks", official.useRealtimeRun as unknown as typeof ours.useRealtimeRun);
console.log(`${COMPONENTS} components on one run: live long-polls the server holds (shape requests served while mounting)`);
console.log(`  @trigger-realtime/react    ${String(mine.open).padStart(4)}  (${mine.requests} requests)`);
console.log(`  @trigger.dev/react-hooks   ${String(theirs.open).padStart(4)}  (${theirs.requests} requests)`);
dom.close();
report({ components: COMPONENTS, ours: mine, official: theirs });
process.exit(0);
