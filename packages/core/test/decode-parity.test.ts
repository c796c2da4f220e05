import { configure, runs } from "@trigger.dev/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { eventually, useDevServer } from "@trigger-realtime/test-support";
import { createRealtimeClient } from "../src/client.js";
import { createRunDecoder } from "../src/decode/run.js";
import type { SkipColumn } from "../src/types.js";
import { shapeRows } from "./actions-shape.js";

// The same run, decoded by the official SDK's subscription and by our decoder from the raw
// shape, must be the same object field for field.

const OFFLOAD_THRESHOLD = 64 * 1024;

describe.each(["electric", "native"] as const)("decoding parity with the official SDK (%s backend)", (backend) => {
  const dev = useDevServer({ server: { offloadThreshold: OFFLOAD_THRESHOLD, realtimeBackend: backend } });
  beforeAll(() => configure({ baseURL: dev.baseURL, accessToken: dev.server.secretKey }));

  /** The SDK's view of the run once it is settled (`ready`), taken from its subscription. */
  async function officialRun(runId: string, options: { skipColumns?: SkipColumn[] } = {}) {
    for await (const run of runs.subscribeToRun(runId, { skipColumns: options.skipColumns })) return run;
    throw new Error(`The SDK saw no state of ${runId}`);
  }

  async function ourRun(runId: string, options: { skipColumns?: SkipColumn[] } = {}) {
    const params: Record<string, string> = options.skipColumns ? { skipColumns: options.skipColumns.join(",") } : {};
    const rows = await shapeRows(dev.server.url, dev.server.secretKey, `/realtime/v1/runs/${runId}`, params);
    expect(rows).toHaveLength(1);
    return createRunDecoder(createRealtimeClient({ baseURL: dev.server.url, accessToken: dev.server.secretKey }))(rows[0]!);
  }

  async function settled(runId: string, check: (status: string | undefined) => boolean) {
    await eventually(() => check(dev.server.getRun(runId)?.status), 15_000, `run ${runId} to settle`);
  }

  const finished = (runId: string) => settled(runId, (status) => Boolean(status && !["PENDING", "DEQUEUED", "EXECUTING", "WAITING_TO_RESUME"].includes(status)));

  async function expectParity(runId: string, options: { skipColumns?: SkipColumn[] } = {}) {
    const official = await officialRun(runId, options);
    const ours = await ourRun(runId, options);
    expect(ours).toStrictEqual(official);
    return ours;
  }

  describe("runs", () => {
    it("a completed run with payload, metadata, output, tags and costs", async () => {
      const { id } = await dev.server.trigger("progress", { steps: 2, delayMs: 1, at: new Date("2025-05-05T05:05:05.555Z") }, { tags: ["parity", "a b"] });
      await finished(id);
      const run = await expectParity(id);
      expect(run).toMatchObject({ status: "COMPLETED", isSuccess: true, output: { steps: 2 }, tags: ["parity", "a b"], metadata: { progress: 100, step: 2 } });
      expect(run.payload.at).toBeInstanceOf(Date);
      expect(run.finishedAt).toBeInstanceOf(Date);
    });

    it("a failed run with a built-in error", async () => {
      const { id } = await dev.server.trigger("fail", { delayMs: 1, message: "Nope" });
      await finished(id);
      const run = await expectParity(id);
      expect(run).toMatchObject({ status: "FAILED", isFailed: true, isCompleted: true, error: { name: "Error", message: "Nope" } });
    });

    it("a run waiting on a token, with its metadata", async () => {
      const { id } = await dev.server.trigger("approval", { question: "Parity?" });
      await settled(id, (status) => status === "WAITING_TO_RESUME");
      const run = await expectParity(id);
      expect(run).toMatchObject({ status: "WAITING", isWaiting: true, finishedAt: undefined, metadata: { question: "Parity?", decision: "pending" } });
    });

    it("queued, executing, canceled and text-output runs driven by hand", async () => {
      const queued = dev.server.createRun({ taskIdentifier: "manual", payload: "plain text payload", tags: ["hand"] });
      expect((await expectParity(queued.id)).status).toBe("QUEUED");

      const executing = dev.server.createRun({ taskIdentifier: "manual", payload: { n: 1 }, metadata: { stage: "one" } });
      executing.start();
      expect((await expectParity(executing.id)).status).toBe("EXECUTING");

      const canceled = dev.server.createRun({ taskIdentifier: "manual" });
      canceled.cancel();
      expect(await expectParity(canceled.id)).toMatchObject({ status: "CANCELED", isCancelled: true, isCompleted: false });

      const text = dev.server.createRun({ taskIdentifier: "manual", payload: [1, 2, 3] });
      text.complete("the answer");
      expect((await expectParity(text.id)).output).toBe("the answer");
    });

    it("string and custom errors", async () => {
      const stringError = dev.server.createRun({ taskIdentifier: "manual" });
      stringError.fail("went wrong");
      expect((await expectParity(stringError.id)).error).toEqual({ message: "went wrong" });

      const customError = dev.server.createRun({ taskIdentifier: "manual" });
      customError.fail({ code: 42 });
      expect((await expectParity(customError.id)).error).toEqual({ message: '{"code":42}' });
    });

    it("a subscription that skips columns", async () => {
      const { id } = await dev.server.trigger("progress", { steps: 1, delayMs: 1 }, { tags: ["skip"] });
      await finished(id);
      const skipColumns: SkipColumn[] = ["payload", "output", "metadata", "runTags", "costInCents", "usageDurationMs", "startedAt", "isTest"];
      const run = await expectParity(id, { skipColumns });
      expect(run).toMatchObject({ payload: undefined, output: undefined, metadata: undefined, tags: [], costInCents: 0, durationMs: 0, startedAt: undefined });
    });

    it("an offloaded output", async () => {
      const big = "z".repeat(OFFLOAD_THRESHOLD + 1);
      const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { big } });
      controller.complete({ big, done: true });
      const [row] = await shapeRows(dev.server.url, dev.server.secretKey, `/realtime/v1/runs/${controller.id}`);
      expect(row).toMatchObject({ outputType: "application/store", output: expect.not.stringContaining("zzz") });
      const run = await expectParity(controller.id);
      expect(run.output).toEqual({ big, done: true });
    });

    it("an output with a Buffer, a Date, a Map and a bigint", async () => {
      const { id } = await dev.server.trigger("types", { text: "parity", delayMs: 1 });
      await finished(id);
      const run = await expectParity(id);
      expect(Buffer.isBuffer((run.output as { buffer: unknown }).buffer)).toBe(true);
    });
  });
});
