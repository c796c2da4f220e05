import { describe, expect, it } from "vitest";
import { eventually, useTeardowns } from "@trigger-realtime/test-support";
import {
  getRealtimeClient,
  runStore,
  setServerEnvironment,
  streamStore,
  subscribeToRun,
  subscribeToRunsWithTag,
  subscribeToStream,
} from "../src/index.js";
import { useDevServerWithClients } from "./support/server.js";

const dev = useDevServerWithClients();
const teardown = useTeardowns();

describe("async iterators", () => {
  it("iterate a run until it finishes", async () => {
    const { id } = await dev.server.trigger("progress", { steps: 3, delayMs: 10 });
    const statuses: string[] = [];
    let last;
    for await (const run of subscribeToRun(await dev.client(), id)) {
      statuses.push(run.status);
      last = run;
    }
    expect(statuses.at(-1)).toBe("COMPLETED");
    expect(last!.metadata).toMatchObject({ progress: 100 });
  });

  it("iterate runs with a tag and close the connection when the loop breaks", async () => {
    const tag = `iter_${Date.now()}`;
    const ids = [dev.server.createRun({ tags: [tag] }).id, dev.server.createRun({ tags: [tag] }).id];
    const seen = new Set<string>();
    for await (const run of subscribeToRunsWithTag(await dev.client(), tag)) {
      seen.add(run.id);
      if (seen.size === 2) break;
    }
    expect(seen).toEqual(new Set(ids));
    await eventually(() => dev.server.stats().openShapeRequests === 0, 5000, "the feed to close");
  });

  it("iterate a stream's chunks until it ends (the server closes it after timeoutInSeconds without data)", async () => {
    const run = dev.server.createRun({});
    ["x", "y", "z"].forEach((chunk) => run.appendStream("s", chunk));
    run.complete();
    const chunks: string[] = [];
    for await (const chunk of subscribeToStream<string>(await dev.client(), run.id, "s", { timeoutInSeconds: 1 })) chunks.push(chunk);
    expect(chunks).toEqual(["x", "y", "z"]);
  });

  it("iterate every chunk once when joining a stream another listener already reads", async () => {
    const run = dev.server.createRun({});
    run.start();
    const client = await dev.client();
    const reader = streamStore<number>(client, run.id, "n", { allowServer: true });
    const unlisten = teardown(reader.listen(() => {}));
    for (let n = 0; n < 20; n++) run.appendStream("n", n);
    await eventually(() => reader.get().parts.length === 20, 5000, "the first reader to have 20 parts");
    const chunks: number[] = [];
    const reading = (async () => {
      for await (const chunk of subscribeToStream<number>(client, run.id, "n", { timeoutInSeconds: 1 })) chunks.push(chunk);
    })();
    for (let n = 20; n < 40; n++) run.appendStream("n", n);
    run.complete();
    await reading;
    unlisten();
    expect(chunks).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it("throw the subscription's error", async () => {
    await expect(async () => {
      for await (const _ of subscribeToRun(await dev.client(), "run_missing")) void _;
    }).rejects.toThrow(/not found/);
  });
});

describe("server rendering", () => {
  it("never touches the network while rendering on the server", async () => {
    const run = dev.server.createRun({});
    const client = getRealtimeClient({ baseURL: dev.server.url, accessToken: await dev.server.createPublicToken({ scopes: ["read:all"] }) });
    setServerEnvironment(undefined); // Node without window: a server
    try {
      const before = dev.server.stats().totalRequests;
      const store = runStore(client, run.id, { skipColumns: ["payload"] });
      const unlisten = teardown(store.listen(() => {}));
      store.get();
      await new Promise((resolve) => setTimeout(resolve, 200));
      unlisten();
      expect(store.get().status).toBe("idle");
      expect(dev.server.stats().totalRequests).toBe(before);
    } finally {
      setServerEnvironment(false);
    }
  });
});
