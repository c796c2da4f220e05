// Each adapter's cost per run update, over the core atom: `node --conditions=browser --import tsx
// bench/adapters.ts` (production builds: NODE_ENV=production, and Svelte and Solid ship their
// reactive builds under the "browser" condition).
//
// One component per variant shows `run.metadata.progress`; each update changes it. Two feeds:
//   whole client   live long-poll answers served from memory (the same rows with new metadata, so
//                  loopback noise does not hide microseconds) through Electric's shape reader, row
//                  decoding, the core atom, the binding and the framework's render
//   atom           the core atom set directly: only the binding and the framework's render
// Variants (react-dom, Vue and Svelte render into jsdom; Solid's render effect writes a text node):
//   core               runStore(client, id).listen(...), no framework: the floor
//   <framework>        our public API (useRealtimeRun, useRun, runStore + $run, createRun)
//   react official     useRealtimeRun of @trigger.dev/react-hooks on the same answers
//   <framework> bare   the same component bound to the same core atom by hand, the framework's
//                      minimal way (useSyncExternalStore, shallowRef + listen, the atom as a Svelte
//                      store, createSignal + listen): what the framework costs without our adapter
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compile } from "svelte/compiler";
import { control, installDom, percentile, report, serverInfo } from "./support/harness.js";

const UPDATES = Number(process.env.BENCH_ADAPTER_UPDATES ?? 500);
const WARMUP = 100;
const ROUNDS = 7;

const dom = await installDom();
const { url } = serverInfo();
const core = await import("@trigger-realtime/core");
core.setServerEnvironment(false);
const { token } = await control<{ token: string }>("publicToken", { scopes: ["read:all"] });

// ── The fake live long-poll ────────────────────────────────────────────────────────────────
type Row = Record<string, unknown>;
const shapes = new Map<string, { key: string; row: Row; handle: string }>();
const waitingRequests = new Map<string, (response: Response) => void>();
const waitingAnswers = new Map<string, () => Response>();
/** The progress each run was last given: a new subscription's snapshot shows it, as a real server's would. */
const latestProgress = new Map<string, number>();
let sequence = 0;
const realFetch = globalThis.fetch;

/** The client's fetch: snapshots from the dev server (with the latest progress), live answers from `push`. */
const fetchThroughBench = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const target = new URL(input instanceof Request ? input.url : String(input));
  const runId = /^\/realtime\/v1\/runs\/([^/]+)$/.exec(target.pathname)?.[1];
  if (!runId || target.searchParams.get("live") !== "true") {
    const response = await realFetch(input, init);
    if (!runId || !response.ok) return response;
    const messages = JSON.parse(await response.text()) as Array<{ key?: string; value?: Row }>;
    const change = messages.find((message) => message.key);
    if (change) {
      if (latestProgress.has(runId)) change.value = { ...change.value, metadata: JSON.stringify({ progress: latestProgress.get(runId) }) };
      shapes.set(runId, { key: change.key!, row: change.value!, handle: response.headers.get("electric-handle")! });
    }
    return new Response(JSON.stringify(messages), { status: response.status, headers: response.headers });
  }
  return new Promise<Response>((resolve, reject) => {
    init?.signal?.addEventListener("abort", () => {
      if (waitingRequests.get(runId) === resolve) waitingRequests.delete(runId);
      reject(new DOMException("The operation was aborted.", "AbortError"));
    });
    const ready = waitingAnswers.get(runId);
    if (ready) {
      waitingAnswers.delete(runId);
      resolve(ready());
    } else waitingRequests.set(runId, resolve);
  });
}) as typeof fetch;

/** Answers the run's live long-poll with `metadata.progress = progress`. */
function push(runId: string, progress: number) {
  const answer = () => {
    const shape = shapes.get(runId)!;
    sequence++;
    shape.row = { ...shape.row, metadata: JSON.stringify({ progress }), updatedAt: new Date(Date.UTC(2030, 0, 1) + sequence).toISOString().slice(0, -1) };
    const body = JSON.stringify([{ key: shape.key, value: shape.row, headers: { operation: "update" } }, { headers: { control: "up-to-date" } }]);
    return new Response(body, {
      headers: {
        "content-type": "application/json",
        "electric-handle": shape.handle,
        "electric-offset": `${1_900_000_000_000 + sequence}_0`,
        "electric-cursor": String(sequence),
        "electric-up-to-date": "",
      },
    });
  };
  const request = waitingRequests.get(runId);
  if (request) {
    waitingRequests.delete(runId);
    request(answer());
  } else waitingAnswers.set(runId, answer);
}

// ── What each variant renders: `observe(progress)` on every render ────────────────────────────
let expected = -1;
let reached: (() => void) | undefined;
function observe(progress: unknown) {
  if (progress === expected && reached) {
    const done = reached;
    reached = undefined;
    done();
  }
  return progress;
}
const shown = (value: number) =>
  new Promise<void>((resolve) => {
    expected = value;
    reached = resolve;
  });

const options = { accessToken: token, baseURL: url, fetch: fetchThroughBench };
const client = core.getRealtimeClient(options);
type Mount = (runId: string) => Promise<() => void>;
const progressOf = (state: { run?: { metadata?: Record<string, unknown> } }) => state.run?.metadata?.progress;

const React = await import("react");
const { createRoot } = await import("react-dom/client");
const ReactAdapter = await import("@trigger-realtime/react");
const OfficialReact = await import("@trigger.dev/react-hooks");
const Vue = await import("vue");
const VueAdapter = await import("@trigger-realtime/vue");
const Solid = await import("solid-js");
const SolidAdapter = await import("@trigger-realtime/solid");
const Svelte = await import("svelte");

async function mountReact(render: (runId: string) => unknown, runId: string) {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  root.render(React.createElement(() => render(runId) as never));
  return () => {
    root.unmount();
    container.remove();
  };
}

function mountVue(setup: (runId: string) => () => unknown, runId: string) {
  const container = document.createElement("div");
  document.body.append(container);
  const app = Vue.createApp(Vue.defineComponent({ setup: () => setup(runId) as never }));
  app.mount(container);
  return () => {
    app.unmount();
    container.remove();
  };
}

function mountSolid(body: (runId: string, text: Text) => void, runId: string) {
  const text = document.createTextNode("");
  document.body.append(text);
  const dispose = Solid.createRoot((dispose) => {
    body(runId, text);
    return dispose;
  });
  return () => {
    dispose();
    text.remove();
  };
}

/** Svelte components are compiled here, as vite-plugin-svelte would, and loaded from bench/.cache. */
const cache = fileURLToPath(new URL("./.cache/", import.meta.url));
mkdirSync(cache, { recursive: true });
async function svelteComponent(name: string, source: string) {
  const { js } = compile(source, { filename: `${name}.svelte`, generate: "client", dev: false });
  const file = `${cache}${name}.svelte.js`;
  writeFileSync(file, js.code);
  return (await import(pathToFileURL(file).href)).default;
}
const SvelteOurs = await svelteComponent(
  "AdapterOurs",
  `<script>
  import { runStore } from "@trigger-realtime/svelte";
  let { runId, options, observe } = $props();
  const run = runStore(runId, options);
</script>
<span>{observe($run.run?.metadata?.progress)}</span>`,
);
const SvelteBare = await svelteComponent(
  "AdapterBare",
  `<script>
  let { atom, observe } = $props();
  const run = atom;
</script>
<span>{observe($run.run?.metadata?.progress)}</span>`,
);
function mountSvelte(component: unknown, props: Record<string, unknown>) {
  const container = document.createElement("div");
  document.body.append(container);
  const instance = Svelte.mount(component as never, { target: container, props });
  return () => {
    void Svelte.unmount(instance);
    container.remove();
  };
}

const variants: Record<string, Mount> = {
  async core(runId) {
    const $run = core.runStore(client, runId);
    return $run.subscribe((state) => observe(progressOf(state)));
  },
  async react(runId) {
    return mountReact((id) => {
      const { run } = ReactAdapter.useRealtimeRun(id, options);
      return React.createElement("span", null, String(observe(run?.metadata?.progress)));
    }, runId);
  },
  async "react bare"(runId) {
    const $run = core.runStore(client, runId);
    const subscribe = (onChange: () => void) => $run.listen(onChange);
    const get = () => $run.get();
    return mountReact(() => {
      const state = React.useSyncExternalStore(subscribe, get);
      return React.createElement("span", null, String(observe(progressOf(state))));
    }, runId);
  },
  async "react official"(runId) {
    // The official hook reads through the global fetch: serve it the same answers while mounted.
    globalThis.fetch = fetchThroughBench;
    const unmount = await mountReact((id) => {
      const { run } = OfficialReact.useRealtimeRun(id, { accessToken: token, baseURL: url });
      return React.createElement("span", null, String(observe((run?.metadata as { progress?: number } | undefined)?.progress)));
    }, runId);
    return () => {
      unmount();
      globalThis.fetch = realFetch;
    };
  },
  async vue(runId) {
    return mountVue((id) => {
      const { run } = VueAdapter.useRun(id, options);
      return () => Vue.h("span", String(observe(run.value?.metadata?.progress)));
    }, runId);
  },
  async "vue bare"(runId) {
    const $run = core.runStore(client, runId);
    return mountVue(() => {
      const state = Vue.shallowRef($run.get());
      let unlisten = () => {};
      Vue.onMounted(() => (unlisten = $run.subscribe((next) => (state.value = next))));
      Vue.onUnmounted(() => unlisten());
      return () => Vue.h("span", String(observe(progressOf(state.value))));
    }, runId);
  },
  async svelte(runId) {
    return mountSvelte(SvelteOurs, { runId, options, observe });
  },
  async "svelte bare"(runId) {
    return mountSvelte(SvelteBare, { atom: core.runStore(client, runId), observe });
  },
  async solid(runId) {
    return mountSolid((id, text) => {
      const { run } = SolidAdapter.createRun(id, options);
      Solid.createRenderEffect(() => (text.data = String(observe(run()?.metadata?.progress))));
    }, runId);
  },
  async "solid bare"(runId) {
    const $run = core.runStore(client, runId);
    return mountSolid((_, text) => {
      const [state, setState] = Solid.createSignal($run.get());
      Solid.onCleanup($run.listen((next) => setState(() => next)));
      Solid.createRenderEffect(() => (text.data = String(observe(progressOf(state())))));
    }, runId);
  },
};

type Feed = "long-poll" | "atom";

/** The next update of a run: a live long-poll answer through the whole client, or the atom set directly. */
function update(feed: Feed, runId: string, progress: number) {
  latestProgress.set(runId, progress);
  if (feed === "long-poll") return push(runId, progress);
  const $run = core.runStore(client, runId) as ReturnType<typeof core.runStore> & { set(state: unknown): void };
  const state = $run.get();
  $run.set({ ...state, run: { ...state.run!, metadata: { progress } } });
}

/** Resolves once `observe` saw `value`; fails when a variant is not bound to the run it should show. */
async function until(seen: Promise<void>, what: string) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} never showed (live requests waiting: ${waitingRequests.size}, answers waiting: ${waitingAnswers.size})`)), 10_000)));
  await Promise.race([seen, timeout]).finally(() => clearTimeout(timer));
}

/** µs per update for one variant: mount, wait for the snapshot, warm up, then time `UPDATES` updates. */
async function measure(feed: Feed, name: string, runId: string, progress: { value: number }): Promise<number> {
  const first = shown(progress.value);
  const unmount = await variants[name]!(runId);
  await until(first, `${name}: the run`);
  const step = async () => {
    const next = shown(++progress.value);
    update(feed, runId, progress.value);
    await until(next, `${name}: update ${progress.value}`);
  };
  for (let index = 0; index < WARMUP; index++) await step();
  const startedAt = performance.now();
  for (let index = 0; index < UPDATES; index++) await step();
  const perUpdate = ((performance.now() - startedAt) * 1000) / UPDATES;
  unmount();
  return perUpdate;
}

/** Median µs per update of each variant over `ROUNDS` rounds, the order rotated each round so drift hits all alike. */
async function measureAll(feed: Feed, names: string[]): Promise<Record<string, number>> {
  const runIds: Record<string, string> = {};
  const progress: Record<string, { value: number }> = {};
  for (const name of names) {
    runIds[name] = (await control<{ id: string }>("createRun", { metadata: { progress: 0 } })).id;
    progress[name] = { value: 0 };
  }
  // Set directly, an atom must outlive its components: its feed reconnecting between rounds would
  // publish the server's state over ours.
  const keepAlive = feed === "atom" ? names.map((name) => core.runStore(client, runIds[name]!).listen(() => {})) : [];
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    for (const name of order) samples[name]!.push(await measure(feed, name, runIds[name]!, progress[name]!));
  }
  for (const unlisten of keepAlive) unlisten();
  return Object.fromEntries(names.map((name) => [name, percentile(samples[name]!, 50)]));
}

const frameworks = ["react", "vue", "svelte", "solid"] as const;
const column = (value: number) => `${value.toFixed(1).padStart(7)} µs`;

// Whole client: what a user's component costs per update, ours and official (React only).
const whole = await measureAll("long-poll", ["core", ...frameworks, "react official"]);
console.log(`µs per run update through the whole client (live long-poll answers from memory; median of ${ROUNDS} rounds × ${UPDATES})`);
console.log(`  ${"core atom listener".padEnd(28)} ${column(whole.core!)}`);
for (const framework of frameworks) console.log(`  ${`${framework}, ours`.padEnd(28)} ${column(whole[framework]!)}`);
console.log(`  ${"react, @trigger.dev/react-hooks".padEnd(28)} ${column(whole["react official"]!)}`);

// Binding only: the atom set directly, so each figure is the adapter and the framework's render.
const binding = await measureAll("atom", ["core", ...frameworks.flatMap((framework) => [framework, `${framework} bare`])]);
console.log(`µs per update of the core atom set directly (median of ${ROUNDS} rounds × ${UPDATES}): our adapter vs the framework bound by hand`);
console.log(`  ${"core atom listener".padEnd(28)} ${column(binding.core!)}`);
for (const framework of frameworks) {
  const ours = binding[framework]!;
  const bare = binding[`${framework} bare`]!;
  console.log(`  ${framework.padEnd(28)} ${column(ours)}  by hand ${column(bare)}  adapter overhead ${(ours - bare).toFixed(1)} µs (${((ours / bare - 1) * 100).toFixed(0)} %)`);
}
dom.close();
report({ updates: UPDATES, rounds: ROUNDS, whole, binding });
process.exit(0);
