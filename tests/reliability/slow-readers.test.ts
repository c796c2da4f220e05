import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { createRealtimeClient, subscribeToStream } from "@trigger-realtime/core";
import { startDevServer, type DevServer, type RunController } from "@trigger-realtime/dev-server";
import { afterEach, expect, it } from "vitest";
import { eventually } from "@trigger-realtime/test-support";
import { reportFigures } from "./support/figures.js";

// Readers that stop reading while a task writes 50,000 parts of 1 KiB: the server must not
// buffer the stream once per stalled reader. The writer and the other readers go on, a stalled
// reader that comes back gets everything, one the server cut resumes from its last event id
// with nothing lost, and once the readers and the server are gone the memory is back.

const PARTS = 50_000;
const STALLED = 4;
const MB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
/** Heap and off-heap (socket buffers) in use after a full collection. */
function memoryInUse(): number {
  gc!();
  gc!();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** The memory in use if it is below `bound` (else undefined, to be asked again). */
function settledBelow(bound: number): number | undefined {
  const now = memoryInUse();
  return now < bound ? now : undefined;
}

const requests: ClientRequest[] = [];
afterEach(() => {
  for (const request of requests.splice(0)) request.destroy();
});

/** A stream reader over raw HTTP whose socket is paused: it reads nothing until resumed. */
function stalledReader(server: DevServer, runId: string) {
  const url = new URL(`/realtime/v1/streams/${runId}/text`, server.url);
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = httpRequest(url, { headers: { authorization: `Bearer ${server.secretKey}`, "timeout-seconds": "600" } }, (response) => {
      response.pause();
      resolve(response);
    });
    requests.push(request);
    request.on("error", reject);
    request.end();
  });
}

/**
 * The part numbers of an SSE body, read until every part came (streams outlive their run: the
 * server would only end the body after its quiet timeout) or the body ended.
 */
async function partNumbers(body: AsyncIterable<Uint8Array>): Promise<number[]> {
  const numbers: number[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const data = buffer.slice(0, end).split("\n").find((line) => line.startsWith("data: "));
      buffer = buffer.slice(end + 2);
      if (data) numbers.push((JSON.parse(data.slice(6)) as { n: number }).n);
    }
    if (numbers.length >= PARTS) break;
  }
  return numbers;
}

/**
 * Reads the stream with core's `subscribeToStream`; its first connection stops taking data
 * after three chunks until `gate` opens. Only the part numbers are kept (the client and its
 * store are left behind for the collector).
 */
async function readThroughCore(server: DevServer, runId: string, gate: Promise<void>): Promise<{ parts: number[]; connections: number }> {
  let connections = 0;
  const stallingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!String(input).includes("/realtime/v1/streams/") || connections++ > 0 || !response.body) return response;
    const source = response.body.getReader();
    let passed = 0;
    const stalled = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (passed++ >= 3) await gate;
          const { done, value } = await source.read().catch((error: unknown) => (controller.error(error), { done: true, value: undefined }));
          if (done) controller.close();
          else controller.enqueue(value);
        },
        cancel: (reason) => source.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    return new Response(stalled, { status: response.status, headers: response.headers });
  };
  const client = createRealtimeClient({ baseURL: server.url, accessToken: server.secretKey, fetch: stallingFetch });
  const parts: number[] = [];
  for await (const part of subscribeToStream<{ n: number }>(client, runId, "text", { timeoutInSeconds: 1 })) parts.push(part.n);
  return { parts, connections };
}

const inOrder = (numbers: number[]) => numbers.length === PARTS && numbers.every((n, index) => n === index);

it("keeps a bounded buffer per stalled reader; nobody loses a part; memory returns to baseline", { timeout: 180_000 }, async () => {
  expect(gc, "the reliability project runs with --expose-gc").toBeTypeOf("function");
  const baseline = memoryInUse();
  let server: DevServer | undefined = await startDevServer({ keepAliveMs: 60_000 });
  let run: RunController | undefined = server.createRun({ taskIdentifier: "writer" });
  run.start();
  const runId = run.id;

  // A core reader whose first connection gets stuck after a few chunks: the server cuts it
  // after a second of being stuck, and it must come back with Last-Event-ID.
  let openGate = () => {};
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const coreRead = readThroughCore(server, runId, gate);

  const stalled = await Promise.all(Array.from({ length: STALLED }, () => stalledReader(server!, runId)));
  await eventually(() => server!.stats().openStreams === STALLED + 1, 5_000, "every reader to connect");

  // The writer goes on while nobody reads: 50,000 parts of 1 KiB.
  const pad = "x".repeat(1000);
  let storedBytes = 0;
  for (let n = 0; n < PARTS; n++) {
    run.appendStream("text", { n, pad });
    storedBytes += JSON.stringify({ n, pad }).length;
    if (n % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  run.complete();
  const withStalledReaders = memoryInUse() - baseline;
  // Unbounded buffering would hold the stream once more per stalled reader (+4 × 50 MB).
  expect(withStalledReaders, `${(withStalledReaders / MB).toFixed(1)} MB above baseline`).toBeLessThan(storedBytes * 1.5 + 32 * MB);
  // The stuck core reader is cut (its socket destroyed, not ended); the stalled raw readers wait.
  await eventually(() => server!.stats().openStreams === STALLED, 10_000, "the stuck core reader to be cut");

  // A reader that reads gets every part while the others are stalled.
  const fresh = await fetch(`${server.url}/realtime/v1/streams/${runId}/text`, { headers: { authorization: `Bearer ${server.secretKey}` } });
  expect(inOrder(await partNumbers(fresh.body as unknown as AsyncIterable<Uint8Array>))).toBe(true);

  // Stalled readers that come back get everything: they were paused, not dropped.
  const [first, second, ...rest] = stalled;
  const [resumedA, resumedB] = await Promise.all([partNumbers(first!.resume()), partNumbers(second!.resume())]);
  expect(inOrder(resumedA), `resumed reader got ${resumedA.length} parts`).toBe(true);
  expect(inOrder(resumedB), `resumed reader got ${resumedB.length} parts`).toBe(true);
  for (const reader of rest) reader.destroy();
  stalled.length = 0;
  requests.length = 0;

  // The core reader, cut while stuck, resumes from its last event id.
  openGate();
  const core = await coreRead;
  expect(core.connections).toBeGreaterThan(1);
  expect(inOrder(core.parts), `core reader got ${core.parts.length} parts`).toBe(true);

  await eventually(() => server!.stats().openStreams === 0, 5_000, "every stream to close");
  // Once the readers are gone (the client's own stores unmount a moment later), the server
  // holds the stream and nothing per reader; once it is closed, nothing.
  const afterReaders = await eventually(() => settledBelow(baseline + storedBytes * 1.5 + 16 * MB), 15_000, "memory to settle after the readers");
  await server.close();
  server = undefined;
  run = undefined;
  const afterClose = await eventually(() => settledBelow(baseline + 16 * MB), 15_000, "memory to return to baseline after close");

  reportFigures("stalled stream readers (4 × 50,000 parts of 1 KiB)", [
    ["stream data stored (MB)", (storedBytes / MB).toFixed(1)],
    ["memory above baseline, readers stalled (MB)", (withStalledReaders / MB).toFixed(1)],
    ["memory above baseline, readers gone (MB)", ((afterReaders - baseline) / MB).toFixed(1)],
    ["memory above baseline, server closed (MB)", ((afterClose - baseline) / MB).toFixed(1)],
  ]);
});
