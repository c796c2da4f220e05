import { auth, configure, runs, streams, tasks, wait } from "@trigger.dev/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { useDevServer } from "@trigger-realtime/test-support";


/** Collects runs from an SDK subscription until `done` says stop. */
async function collect<T>(iterable: AsyncIterable<T>, done: (item: T, all: T[]) => boolean): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (done(item, items)) break;
  }
  return items;
}

describe.each(["electric", "native"] as const)("the official @trigger.dev/sdk against the dev server (%s backend)", (backend) => {
  const dev = useDevServer({ server: { realtimeBackend: backend } });
  beforeAll(() => configure({ baseURL: dev.baseURL, accessToken: dev.server.secretKey }));

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
    const tag = `user_${backend}_${Date.now()}`;
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
    const forbidden = await fetch(`${dev.server.url}/realtime/v1/runs/${second.id}?offset=-1`, { headers: { authorization: `Bearer ${token}` } });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: "Unauthorized", code: "unauthorized", param: "access_token", type: "authorization" });
  });

  it("reads a v2 stream with streams.read, from the start and from a startIndex, until the quiet timeout", async () => {
    const run = dev.server.createRun({ realtimeStreamsVersion: "v2" });
    run.start();
    for (const word of ["alpha", "beta", "gamma"]) run.appendStream("words", word);
    run.complete();
    const all: unknown[] = [];
    for await (const chunk of await streams.read(run.id, "words", { timeoutInSeconds: 1 })) all.push(chunk);
    expect(all).toEqual(["alpha", "beta", "gamma"]);
    const rest: unknown[] = [];
    for await (const chunk of await streams.read(run.id, "words", { startIndex: 1, timeoutInSeconds: 1 })) rest.push(chunk);
    expect(rest).toEqual(["beta", "gamma"]);
  });

  it("triggers with a one-time trigger token from auth.createTriggerPublicToken, and only once", async () => {
    const token = await auth.createTriggerPublicToken("progress");
    const handle = await auth.withAuth({ accessToken: token }, () => tasks.trigger("progress", { steps: 1, delayMs: 1 }));
    expect(handle.id).toMatch(/^run_/);
    // The answer's token reads the run (from x-trigger-jwt, not self-signed).
    const seen = await auth.withAuth({ accessToken: handle.publicAccessToken }, () => collect(runs.subscribeToRun(handle.id), (run) => run.isCompleted));
    expect(seen.at(-1)!.output).toEqual({ steps: 1 });
    const again = await auth
      .withAuth({ accessToken: token }, () => tasks.trigger("progress", { steps: 1, delayMs: 1 }, {}, { retry: { maxAttempts: 1 } }))
      .catch((error: { status?: number; message?: string }) => error);
    expect(again).toMatchObject({ status: 422 });
  });

  it("creates wait tokens from the backend and completes them with wait.completeToken", async () => {
    const token = await wait.createToken({ timeout: "10m" });
    expect(token.id).toMatch(/^waitpoint_/);
    expect(token.publicAccessToken.split(".")).toHaveLength(3);
    expect(await wait.completeToken(token.id, { approved: true })).toEqual({ success: true });

    const { id } = await tasks.trigger("approval", { question: "SDK?" });
    const waiting = await collect(runs.subscribeToRun(id), (run) => run.status === "WAITING" && typeof run.metadata?.waitpointToken === "string");
    const { waitpointId, waitpointToken } = waiting.at(-1)!.metadata as { waitpointId: string; waitpointToken: string };
    await auth.withAuth({ accessToken: waitpointToken }, () => wait.completeToken(waitpointId, { approved: true }));
    const finished = await collect(runs.subscribeToRun(id), (run) => run.isCompleted);
    expect(finished.at(-1)!.output).toEqual({ approved: true });
  });

  it("retrieves and cancels runs", async () => {
    const handle = await tasks.trigger("progress", { steps: 50, delayMs: 20 }, { tags: ["retrieve"] });
    await collect(runs.subscribeToRun(handle.id), (run) => run.status === "EXECUTING");
    const retrieved = await runs.retrieve(handle.id);
    expect(retrieved).toMatchObject({ id: handle.id, status: "EXECUTING", taskIdentifier: "progress", isExecuting: true, tags: ["retrieve"], payload: { steps: 50, delayMs: 20 } });
    expect(retrieved.createdAt).toBeInstanceOf(Date);
    await runs.cancel(handle.id);
    const canceled = await collect(runs.subscribeToRun(handle.id, { stopOnCompletion: false }), (run) => run.status === "CANCELED");
    expect(canceled.at(-1)!.isCancelled).toBe(true);
    expect((await runs.retrieve(handle.id)).status).toBe("CANCELED");
  });

  it("offloads a big payload through the packets routes and hands it back to subscribers", async () => {
    const padding = "p".repeat(200 * 1024);
    const packetRequests = dev.server.stats().requests.packet ?? 0;
    const handle = await tasks.trigger("progress", { steps: 1, delayMs: 1, padding });
    // The SDK uploaded it itself (v2 handshake, then the presigned PUT) and sent only the path.
    expect(dev.server.getRun(handle.id)!.payload).toEqual({ data: expect.stringMatching(/^packets\/.+\/trigger\/packet_[a-z0-9]+\/payload\.json$/), dataType: "application/store" });
    expect(dev.server.stats().requests.packet).toBe(packetRequests + 2);
    const seen = await collect(runs.subscribeToRun(handle.id), (run) => run.isCompleted);
    expect((seen.at(-1)!.payload as { padding: string }).padding).toBe(padding);

    const run = dev.server.createRun({});
    const output = { text: "o".repeat(200 * 1024) };
    run.complete(output);
    expect(dev.server.getRun(run.id)!.output!.dataType).toBe("application/store");
    const token = await auth.createPublicToken({ scopes: { read: { runs: [run.id] } } });
    const final = await auth.withAuth({ accessToken: token }, () => collect(runs.subscribeToRun(run.id), (item) => item.isCompleted));
    expect(final.at(-1)!.output).toEqual(output);
  });

  it("leaves out skipped columns", async () => {
    const handle = await tasks.trigger("progress", { steps: 1, delayMs: 1 });
    const seen = await collect(runs.subscribeToRun(handle.id, { skipColumns: ["payload", "metadata"] }), (run) => run.isCompleted);
    expect(seen.at(-1)!.payload).toBeUndefined();
    expect(seen.at(-1)!.metadata).toBeUndefined();
    expect(seen.at(-1)!.output).toEqual({ steps: 1 });
  });

  it("reports a failed run with its error", async () => {
    const handle = await tasks.trigger("fail", { delayMs: 1 });
    const seen = await collect(runs.subscribeToRun(handle.id), (run) => run.isCompleted);
    expect(seen.at(-1)).toMatchObject({ status: "FAILED", isFailed: true, error: { name: "Error", message: "Demo failure" } });
  });
});
