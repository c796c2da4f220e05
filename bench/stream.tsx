// A 100,000-part stream at full speed into one React component (react-dom in jsdom), through
// `useRealtimeStream` of each library with its default 16 ms throttle:
// `node --expose-gc --import tsx bench/stream.tsx ours|official`.
//
// The dev server appends the parts (`"0 "`, `"1 "`, …) as fast as it can, 1,000 per event-loop
// turn, once the component's stream is open. Checked: every part delivered once and in order.
// Measured: time to the last part, client CPU time, React renders (bounded by the throttle window:
// at most one per 16 ms, plus a few for mount and status changes), and the heap the mounted
// component holds after a full GC, against the same 100,000 strings held in a plain array.
import { control, cpuMs, heapAfterGc, installDom, mb, report, serverInfo, sleep, until } from "./support/harness.js";

const PARTS = Number(process.env.BENCH_STREAM_PARTS ?? 100_000);
const THROTTLE_MS = 16;
const library = process.argv[2] as "ours" | "official";
if (library !== "ours" && library !== "official") throw new Error("usage: stream.tsx ours|official");

const dom = await installDom();
const { createElement } = await import("react");
const { createRoot } = await import("react-dom/client");
type StreamHook = (runId: string, key: string, options: Record<string, unknown>) => { parts: unknown[] };
const useRealtimeStream = (library === "ours" ? (await import("@trigger-realtime/react")).useRealtimeStream : (await import("@trigger.dev/react-hooks")).useRealtimeStream) as unknown as StreamHook;

const { url } = serverInfo();
const { id: runId } = await control<{ id: string }>("createRun", {});
const { token } = await control<{ token: string }>("publicToken", { scopes: [`read:runs:${runId}`] });

// The raw parts: the same strings, parsed from JSON as a client receives them, in one array.
let raw: string[] | undefined;
const beforeRaw = await heapAfterGc();
raw = Array.from({ length: PARTS }, (_, index) => JSON.parse(JSON.stringify(`${index} `)) as string);
const rawBytes = (await heapAfterGc()) - beforeRaw;
raw = undefined;

let renders = 0;
let latest: unknown[] = [];
let firstPartAt = 0;
let lastPartAt = 0;
function Tokens() {
  const { parts } = useRealtimeStream(runId, "text", { accessToken: token, baseURL: url });
  renders++;
  if (parts.length > 0 && firstPartAt === 0) firstPartAt = performance.now();
  if (parts.length === PARTS && lastPartAt === 0) lastPartAt = performance.now();
  latest = parts;
  return createElement("output", null, parts.length);
}

const baseline = await heapAfterGc();
const container = document.createElement("div");
document.body.append(container);
const root = createRoot(container);
const cpuStart = process.cpuUsage();
root.render(createElement(Tokens));
await until(() => renders > 0, "the first render");
const mountRenders = renders;
// The stream is open once the dev server holds it.
const deadline = Date.now() + 30_000;
while ((await control<{ openStreams: number }>("stats")).openStreams === 0) {
  if (Date.now() > deadline) throw new Error("the stream never opened");
  await sleep(10);
}
const startedAt = performance.now();
const appended = control<{ ms: number }>("appendStream", { id: runId, key: "text", count: PARTS, perTick: 1000, complete: true });
await until(() => latest.length >= PARTS, `${PARTS} parts`, 180_000, 10);
const { ms: serverMs } = await appended;
await sleep(200); // renders still in flight would show up here
const elapsed = lastPartAt - startedAt;
const cpu = cpuMs(cpuStart);

let inOrder = latest.length === PARTS;
for (let index = 0; inOrder && index < PARTS; index++) inOrder = latest[index] === `${index} `;
const heldBytes = (await heapAfterGc()) - baseline;
const streamingRenders = renders - mountRenders;
const renderBound = Math.ceil((lastPartAt - firstPartAt) / THROTTLE_MS) + 1;

const result = {
  library,
  parts: PARTS,
  delivered: latest.length,
  inOrder,
  elapsedMs: elapsed,
  serverAppendMs: serverMs,
  partsPerSecond: PARTS / (elapsed / 1000),
  cpuMs: cpu,
  renders,
  streamingRenders,
  renderBound,
  heldBytes,
  rawBytes,
};
console.log(
  `${library.padEnd(8)} ${latest.length} parts ${inOrder ? "in order, each once" : "NOT all in order"} in ${elapsed.toFixed(0)} ms ` +
    `(${Math.round(result.partsPerSecond).toLocaleString("en-US")} parts/s; server appended them in ${serverMs.toFixed(0)} ms); CPU ${cpu.toFixed(0)} ms`,
);
console.log(
  `         renders: ${renders} (${mountRenders} mounting, ${streamingRenders} while streaming; one per ${THROTTLE_MS} ms would be ${renderBound}); ` +
    `heap held ${mb(heldBytes).toFixed(1)} MB vs ${mb(rawBytes).toFixed(1)} MB of raw parts (${(heldBytes / rawBytes).toFixed(2)}×)`,
);

root.unmount();
dom.close();
report(result);
process.exit(0);
