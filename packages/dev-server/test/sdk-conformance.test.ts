import { auth, configure, runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({ port: 0 });
  configure({ baseURL: server.url, accessToken: server.secretKey });
});
afterAll(() => server.close());

/** Collects runs from an SDK subscription until `done` says stop. */
async function collect<T>(iterable: AsyncIterable<T>, done: (item: T, all: T[]) => boolean): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (done(item, items)) break;
  }
  return items;
}

describe("the official @trigger.dev/sdk against the dev server", () => {
  it("follows a triggered run from queued to completed with metadata and output", async () => {
    const handle = await tasks.trigger("progress", { steps: 3, delayMs: 20 }, { tags: ["conformance"] });
    expect(handle.id).toMatch(/^run_/);
    const seen = await collect(runs.subscribeToRun(handle.id), (run) => run.isCompleted);
    const last = seen.at(-1)!;
    expect(seen.map((run) => run.status)).toContain("COMPLETED");
    expect(last.output).toEqual({ steps: 3 });
    expect(last.payload).toEqual({ steps: 3, delayMs: 20 });
    expect(last.metadata).toMatchObject({ progress: 100, step: 3 });
    expect(last.tags).toEqual(["conformance"]);
    expect(last.finishedAt).toBeInstanceOf(Date);
    expect(last.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("sees every run with a tag", async () => {
    const tag = `user_${Date.now()}`;
    const ids = await Promise.all([1, 2, 3].map(() => tasks.trigger("progress", { steps: 1, delayMs: 10 }, { tags: [tag] }).then((h) => h.id)));
    const seen = await collect(runs.subscribeToRunsWithTag(tag), (_, all) => ids.every((id) => all.some((run) => run.id === id && run.isCompleted)));
    expect(new Set(seen.map((run) => run.id))).toEqual(new Set(ids));
  });

  it("sees every run of a batch", async () => {
    const batch = await tasks.batchTrigger("progress", [{ payload: { steps: 1, delayMs: 10 } }, { payload: { steps: 2, delayMs: 10 } }]);
    expect(batch.batchId).toMatch(/^batch_/);
    const seen = await collect(runs.subscribeToBatch(batch.batchId), (_, all) => new Set(all.filter((r) => r.isCompleted).map((r) => r.id)).size === 2);
    expect(new Set(seen.map((run) => run.id)).size).toBe(2);
  });

  it("reads a run's stream through the SDK", async () => {
    const handle = await tasks.trigger("ai-stream", { prompt: "hello", delayMs: 5 });
    const chunks: string[] = [];
    let finalRun: { output?: { text: string } } | undefined;
    for await (const part of runs.subscribeToRun(handle.id).withStreams<{ text: string }>()) {
      if (part.type === "text") chunks.push(part.chunk);
      if (part.type === "run" && part.run.isCompleted) finalRun = part.run as typeof finalRun;
      if (finalRun && chunks.join("") === finalRun.output?.text) break;
    }
    expect(chunks.join("")).toBe(finalRun?.output?.text);
    expect(chunks.length).toBeGreaterThan(5);
  });

  it("honours public tokens, and a token for one run cannot read another", async () => {
    const first = await tasks.trigger("progress", { steps: 1, delayMs: 10 });
    const second = await tasks.trigger("progress", { steps: 1, delayMs: 10 });
    const token = await auth.createPublicToken({ scopes: { read: { runs: [first.id] } } });
    const seen = await auth.withAuth({ accessToken: token }, () => collect(runs.subscribeToRun(first.id), (run) => run.isCompleted));
    expect(seen.at(-1)!.id).toBe(first.id);
    const forbidden = await fetch(`${server.url}/realtime/v1/runs/${second.id}?offset=-1`, { headers: { authorization: `Bearer ${token}` } });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: "Unauthorized", code: "unauthorized", param: "access_token", type: "authorization" });
  });
});
