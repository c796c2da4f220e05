// @vitest-environment jsdom
import { cleanup, renderHook } from "@testing-library/react";
import { createRoot } from "solid-js";
import { createApp, defineComponent, h } from "vue";
import * as react from "@trigger-realtime/react";
import * as solid from "@trigger-realtime/solid";
import * as svelte from "@trigger-realtime/svelte";
import * as vue from "@trigger-realtime/vue";
import { getRealtimeClient, runStore } from "@trigger-realtime/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandom, eventually, expectNoOpenConnections, seedFor, sleep } from "@trigger-realtime/test-support";
import { useLab } from "./support/dev.js";
import { reportFigures } from "./support/figures.js";

// 1,000 mount/unmount cycles of every adapter, over every kind of subscription: afterwards the
// dev server holds no connection (after the one-second grace) and the heap has not grown.

// Updates arrive from the network, outside act(); nothing here asserts on a render in between.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

const seed = seedFor("adapters");
const lab = useLab({ seed });
const CYCLES = 1_000;
const RUNS = 20;
const TOKENS = 3;
const KINDS = ["run", "tag", "stream", "run-with-streams"] as const;
type Kind = (typeof KINDS)[number];
type Auth = { accessToken: string; baseURL: string };

/** A mounted subscription: what it shows, and how to take it down. */
interface Mounted {
  /** A value that proves data arrived: the run id, a part, a listed run. */
  shows(): unknown;
  unmount(): void;
}

interface Adapter {
  name: string;
  mount(kind: Kind, runId: string, tag: string, auth: Auth): Mounted;
}

const adapters: Adapter[] = [
  {
    name: "React (renderHook)",
    mount(kind, runId, tag, auth) {
      const { result } = renderHook(() => {
        if (kind === "run") return react.useRealtimeRun(runId, auth).run?.id;
        if (kind === "tag") return react.useRealtimeRunsWithTag(tag, auth).runs.length || undefined;
        if (kind === "stream") return react.useRealtimeStream<string>(runId, "text", auth).parts[0];
        return react.useRealtimeRunWithStreams(runId, auth).run?.id;
      });
      return { shows: () => result.current, unmount: cleanup };
    },
  },
  {
    name: "Vue (component mount)",
    mount(kind, runId, tag, auth) {
      let shows: () => unknown = () => undefined;
      const app = createApp(
        defineComponent({
          setup() {
            if (kind === "run") {
              const { run } = vue.useRun(runId, auth);
              shows = () => run.value?.id;
            } else if (kind === "tag") {
              const { runs } = vue.useRunsWithTag(tag, auth);
              shows = () => runs.value.length || undefined;
            } else if (kind === "stream") {
              const { parts } = vue.useStream<string>(runId, "text", auth);
              shows = () => parts.value[0];
            } else {
              const { run } = vue.useRunWithStreams(runId, auth);
              shows = () => run.value?.id;
            }
            return () => h("div");
          },
        }),
      );
      const element = document.createElement("div");
      document.body.append(element);
      app.mount(element);
      return {
        shows: () => shows(),
        unmount() {
          app.unmount();
          element.remove();
        },
      };
    },
  },
  {
    name: "Solid (createRoot)",
    mount(kind, runId, tag, auth) {
      let shows: () => unknown = () => undefined;
      const dispose = createRoot((dispose) => {
        if (kind === "run") {
          const { run } = solid.createRun(runId, auth);
          shows = () => run()?.id;
        } else if (kind === "tag") {
          const { runs } = solid.createRunsWithTag(tag, auth);
          shows = () => runs().length || undefined;
        } else if (kind === "stream") {
          const { parts } = solid.createStream<string>(runId, "text", auth);
          shows = () => parts()[0];
        } else {
          const { run } = solid.createRunWithStreams(runId, auth);
          shows = () => run()?.id;
        }
        return dispose;
      });
      return { shows: () => shows(), unmount: dispose };
    },
  },
  {
    name: "Svelte (store subscribe)",
    mount(kind, runId, tag, auth) {
      let value: any;
      const store =
        kind === "run"
          ? svelte.runStore(runId, auth)
          : kind === "tag"
            ? svelte.runsWithTagStore(tag, auth)
            : kind === "stream"
              ? svelte.streamStore<string>(runId, "text", auth)
              : svelte.runWithStreamsStore(runId, auth);
      const unsubscribe = store.subscribe((state: unknown) => void (value = state));
      return {
        shows: () => (kind === "tag" ? value?.runs.length || undefined : kind === "stream" ? value?.parts[0] : value?.run?.id),
        unmount: unsubscribe,
      };
    },
  },
];

const results: Array<[string, string]> = [];
const WARM_UP = 300;

/** Listeners on `document`, by event type: added minus removed. */
const documentListeners = new Map<string, number>();
const add = document.addEventListener.bind(document);
const remove = document.removeEventListener.bind(document);
document.addEventListener = ((type: string, ...rest: [never, never]) => {
  documentListeners.set(type, (documentListeners.get(type) ?? 0) + 1);
  return add(type, ...rest);
}) as typeof document.addEventListener;
document.removeEventListener = ((type: string, ...rest: [never, never]) => {
  documentListeners.set(type, (documentListeners.get(type) ?? 0) - 1);
  return remove(type, ...rest);
}) as typeof document.removeEventListener;
const listenersNow = () => [...documentListeners.values()].reduce((sum, count) => sum + count, 0);

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap in use after forced collections (several, so finalizers and weak maps settle). */
async function settledHeap(): Promise<number> {
  for (let round = 0; round < 4; round++) {
    gc?.();
    await sleep(40);
  }
  return process.memoryUsage().heapUsed;
}

let runIds: string[] = [];
let tokens: string[] = [];
const tag = `cycle-${seed}`;

beforeAll(async () => {
  runIds = Array.from({ length: RUNS }, (_, index) => {
    const run = lab.server.createRun({ taskIdentifier: "cycled", tags: [tag], payload: { index } });
    run.start();
    run.appendStream("text", `part of ${index}`);
    return run.id;
  });
  tokens = await Promise.all(Array.from({ length: TOKENS }, () => lab.token(["read:all"])));
});

afterAll(() => {
  reportFigures("adapters: mount/unmount cycles", [
    ["gc exposed", gc ? "yes (--expose-gc)" : "no"],
    ...results,
  ]);
});

describe("subscriptions in a page", () => {
  it("leave no document listener behind once closed (regression: one visibilitychange listener, and the whole feed, per subscription)", async () => {
    const before = listenersNow();
    const client = getRealtimeClient({ baseURL: lab.server.url, accessToken: tokens[0]! });
    for (let round = 0; round < 50; round++) {
      const store = runStore(client, runIds[round % RUNS]!, { throttleInMs: round });
      const unlisten = store.listen(() => {});
      await eventually(() => store.get().status === "live", 10_000, "a live run store");
      unlisten();
    }
    await expectNoOpenConnections(lab.server, 8_000);
    expect(listenersNow() - before).toBe(0);
  });
});

describe("mount/unmount cycles", () => {
  for (const adapter of adapters) {
    it(`${adapter.name}: ${CYCLES} cycles leave no connection and no heap growth`, async () => {
      const random = createRandom(seedFor(adapter.name));
      const auth = (index: number): Auth => ({ accessToken: tokens[index % TOKENS]!, baseURL: lab.server.url });

      // Every kind of subscription really delivers through this adapter.
      for (const [index, kind] of KINDS.entries()) {
        const mounted = adapter.mount(kind, runIds[index]!, tag, auth(index));
        await eventually(() => mounted.shows() !== undefined, 10_000, `${adapter.name} ${kind} to show data`);
        mounted.unmount();
      }

      await expectNoOpenConnections(lab.server, 8_000);
      let connectedChecks = 0;
      let heapBefore = 0;
      const listenersBefore = listenersNow();
      const started = Date.now();
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        if (cycle === WARM_UP) {
          // Warmed up: every code path ran; what is retained from here on is growth.
          await expectNoOpenConnections(lab.server, 8_000);
          heapBefore = await settledHeap();
        }
        const kind = KINDS[cycle % KINDS.length]!;
        const mounted = adapter.mount(kind, runIds[random.int(0, RUNS - 1)]!, tag, auth(random.int(0, TOKENS - 1)));
        if (cycle % 50 === 0) {
          // Some cycles stay until data arrives, so connections really open and close.
          await eventually(() => mounted.shows() !== undefined, 10_000, `${adapter.name} ${kind} to show data`);
          connectedChecks++;
        } else if (random.chance(0.1)) {
          await sleep(random.int(1, 15));
        }
        mounted.unmount();
        // Now and then everything is let go for longer than the grace period.
        if (cycle % 250 === 249) await sleep(1_100);
      }
      const elapsed = Date.now() - started;

      await expectNoOpenConnections(lab.server, 10_000);
      const { openShapeRequests, openStreams } = lab.server.stats();
      const heapAfter = await settledHeap();
      const growthMb = (heapAfter - heapBefore) / 1024 / 1024;
      const listenersLeft = listenersNow() - listenersBefore;
      results.push([
        adapter.name,
        `${CYCLES} cycles in ${(elapsed / 1000).toFixed(1)} s (${connectedChecks} waited for data); open after: ${openShapeRequests} long-polls, ${openStreams} streams; document listeners left ${listenersLeft}; heap ${(heapBefore / 1048576).toFixed(1)} → ${(heapAfter / 1048576).toFixed(1)} MB over the last ${CYCLES - WARM_UP} cycles (${growthMb >= 0 ? "+" : ""}${growthMb.toFixed(2)} MB)`,
      ]);
      expect(openShapeRequests).toBe(0);
      expect(openStreams).toBe(0);
      expect(listenersLeft).toBe(0);
      expect(growthMb).toBeLessThan(3);
    });
  }
});
