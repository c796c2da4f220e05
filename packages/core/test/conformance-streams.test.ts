import { configure, runs, streams, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoOpenConnections, REALTIME_MODES, sdkTriggersStreams, serverOptionsFor, useDevServer, waitForState, type DevServerFixture } from "@trigger-realtime/test-support";
import { defineTask } from "@trigger-realtime/dev-server";
import { getRealtimeClient, runWithStreamsStore, streamStore } from "../src/index.js";

// The official @trigger.dev/sdk 4.8.3 and this client read the same runs, in every realtime
// mode (both run-feed backends × both stream versions), through the same faults: every part
// must arrive once, in order. The runs are triggered with `tasks.trigger`, which asks for v2
// unless TRIGGER_V2_REALTIME_STREAMS=0. Stream routes are the same on both backends, so the
// readers that follow no run feed read once per stream version (on the Electric backend); the
// ones that follow the run feed read in every mode.

const PARTS = 500;
const FAULT_AT = 340;
const expected = Array.from({ length: PARTS }, (_, n) => n);

const numbersTask = defineTask<{ count: number }>({
  id: "numbers",
  run({ count }, ctx) {
    for (let n = 0; n < count; n++) ctx.streams.append("numbers", n);
    return { count };
  },
});

/** A dev server for the describe block, with the official SDK configured for it. */
function useServer(server: Parameters<typeof useDevServer>[0] = {}) {
  const dev = useDevServer({ letStoresConnect: true, ...server, server: { tasks: [numbersTask], ...server.server } });
  beforeAll(() => configure({ baseURL: dev.baseURL, accessToken: dev.server.secretKey }));
  return dev;
}

/** Reads an SDK iterable until it holds `PARTS` items (or it ends). */
async function firstParts(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const parts: unknown[] = [];
  for await (const part of iterable) {
    parts.push(part);
    if (parts.length >= PARTS) break;
  }
  return parts;
}

/** The official withStreams: the chunks of stream "numbers" until `PARTS` arrived. */
async function officialWithStreams(runId: string): Promise<unknown[]> {
  const parts: unknown[] = [];
  for await (const event of runs.subscribeToRun(runId).withStreams<{ numbers: number }>()) {
    if (event.type === "numbers") parts.push(event.chunk);
    if (parts.length >= PARTS) break;
  }
  return parts;
}

let reads = 0;
/** A client of its own per read: stores are shared per client and options, and each read must start afresh. */
const freshClient = async (dev: DevServerFixture) => getRealtimeClient({ baseURL: dev.baseURL, accessToken: await dev.token(["read:all"]), headers: { "x-read": String(++reads) } });

type Reader = { followsRunFeed: boolean; read: (runId: string) => Promise<unknown[]> };

const readers = (dev: DevServerFixture): Record<string, Reader> => ({
  "official streams.read": { followsRunFeed: false, read: async (runId) => firstParts(await streams.read(runId, "numbers", { timeoutInSeconds: 5 })) },
  "official runs.fetchStream": { followsRunFeed: false, read: async (runId) => firstParts(await runs.fetchStream(runId, "numbers")) },
  "official subscribeToRun().withStreams()": { followsRunFeed: true, read: officialWithStreams },
  "our streamStore": {
    followsRunFeed: false,
    read: async (runId) => {
      const state = await waitForState(streamStore<number>(await freshClient(dev), runId, "numbers", { timeoutInSeconds: 1 }), (s) => s.status === "complete" || s.status === "error");
      expect(state.error).toBeUndefined();
      return state.parts;
    },
  },
  "our runWithStreamsStore": {
    followsRunFeed: true,
    read: async (runId) => {
      const state = await waitForState(runWithStreamsStore(await freshClient(dev), runId), (s) => s.status === "complete" || s.status === "error", 15_000);
      expect(state.run?.status).toBe("COMPLETED");
      return (state.streams as Record<string, unknown[]>).numbers ?? [];
    },
  },
});

describe.each(REALTIME_MODES)("$name: the official SDK and this client on the same runs", (mode) => {
  const version = mode.streams;
  const dev = useServer({ server: serverOptionsFor(mode) });
  sdkTriggersStreams(version);
  let runId: string;
  beforeAll(async () => {
    const handle = await tasks.trigger("numbers", { count: PARTS });
    runId = handle.id;
    expect(dev.server.getRun(runId)!.realtimeStreamsVersion).toBe(version);
    expect(dev.server.realtimeBackend).toBe(mode.backend);
  });
  afterAll(() => expectNoOpenConnections(dev.server, 10_000));

  const inThisMode = Object.entries(readers(dev)).filter(([, reader]) => reader.followsRunFeed || mode.backend === "electric");
  for (const [name, { read }] of inThisMode) {
    it(`${name}: every part once, in order`, async () => {
      expect(await read(runId)).toEqual(expected);
    });

    it(`${name}: every part once, in order, across a connection cut at part ${FAULT_AT}`, async () => {
      const before = dev.server.stats().requests.stream ?? 0;
      dev.server.cutStream(runId, "numbers", FAULT_AT);
      expect(await read(runId)).toEqual(expected);
      // The cut happened and was followed by a resumed read.
      expect((dev.server.stats().requests.stream ?? 0) - before).toBeGreaterThanOrEqual(2);
    });

    if (version === "v2") {
      it(`${name}: every part once, in order, across an S2 error event at part ${FAULT_AT}`, async () => {
        const before = dev.server.stats().requests.stream ?? 0;
        dev.server.injectStreamError(runId, "numbers", FAULT_AT);
        expect(await read(runId)).toEqual(expected);
        expect((dev.server.stats().requests.stream ?? 0) - before).toBeGreaterThanOrEqual(2);
      });
    }
  }
});

describe("a retried trigger", () => {
  const dev = useServer();
  it("with the same request idempotency key starts one run (official SDK, answer lost on the way back)", async () => {
    const realFetch = globalThis.fetch;
    const keys: string[] = [];
    let lost = false;
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      if (String(input).includes("/api/v1/tasks/numbers/trigger")) {
        keys.push(new Headers(init?.headers).get("x-trigger-request-idempotency-key")!);
        if (!lost) {
          lost = true;
          throw new TypeError("fetch failed");
        }
      }
      return response;
    };
    try {
      const tag = `retried-${Date.now()}`;
      const handle = await tasks.trigger("numbers", { count: 1 }, { tags: [tag] });
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      expect(await runsWithTag(dev, tag)).toEqual([handle.id]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

/** Ids of the runs with a tag, from the tag feed. */
async function runsWithTag(dev: DevServerFixture, tag: string): Promise<string[]> {
  const response = await fetch(`${dev.baseURL}/realtime/v1/runs?tags=${encodeURIComponent(tag)}&offset=-1`, {
    headers: { authorization: `Bearer ${dev.server.secretKey}`, "x-trigger-electric-version": "1.0.0-beta.1" },
  });
  const body = (await response.json()) as Array<{ value?: { friendlyId: string } }>;
  return body.flatMap((message) => (message.value ? [message.value.friendlyId] : []));
}
