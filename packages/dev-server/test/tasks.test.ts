import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { eventually, useDevServer } from "@trigger-realtime/test-support";
import { defineTask, demoTasks, startDevServer, type TaskContext } from "../src/index.js";
import { bearer, readSse, ShapeFollower } from "./support.js";

const seen: { ctxRun?: TaskContext["run"]; waitResult?: unknown } = {};

const kitchenSink = defineTask<{ name: string }, { greeting: string }>({
  id: "kitchen-sink",
  async run({ name }, ctx) {
    seen.ctxRun = ctx.run;
    ctx.metadata.set("name", name);
    ctx.metadata.append("log", "started");
    ctx.metadata.append("log", "working");
    ctx.metadata.increment("count", 2);
    ctx.metadata.increment("count");
    ctx.metadata.set("temporary", true);
    ctx.metadata.del("temporary");
    ctx.streams.append("events", { kind: "start" });
    async function* words() {
      yield "one";
      yield "two";
    }
    await ctx.streams.pipe("words", words());
    ctx.tags.add("added-by-task");
    const token = await ctx.wait.createToken({ timeout: "1m" });
    ctx.metadata.set("tokenId", token.id);
    ctx.metadata.set("token", token.publicAccessToken);
    seen.waitResult = await ctx.wait.forToken(token.id);
    ctx.metadata.replace({ replaced: true, ...ctx.metadata.get() });
    return { greeting: `hello ${name}` };
  },
});

const throwsString = defineTask({
  id: "throws-string",
  async run() {
    throw "plain string failure";
  },
});

const dev = useDevServer({ server: { tasks: [...demoTasks, kitchenSink, throwsString] } });

const completeToken = (id: string, token: string, data: unknown) =>
  fetch(`${dev.server.url}/api/v1/waitpoints/tokens/${id}/complete`, { method: "POST", headers: { ...bearer(token), "content-type": "application/json" }, body: JSON.stringify({ data }) });

describe("demo tasks", () => {
  it("progress: metadata.progress climbs 0 → 100 with metadata.step, output { steps }", async () => {
    const { id, publicAccessToken } = await dev.server.trigger("progress", { steps: 4, delayMs: 30 });
    const follower = new ShapeFollower(`${dev.server.url}/realtime/v1/runs/${id}`, publicAccessToken);
    let row = (await follower.snapshot()).body[0].value;
    const progress: number[] = [];
    while (row.status !== "COMPLETED_SUCCESSFULLY") {
      // Electric updates carry the changed columns only; an answer may hold several.
      const changes = (await follower.next()).body.flatMap((message: { value?: Record<string, string | null> }) => (message.value ? [message.value] : []));
      row = Object.assign({ ...row }, ...changes);
      if (!changes.some((change: Record<string, unknown>) => change.metadata)) continue;
      if (row.metadata) progress.push(JSON.parse(row.metadata).progress);
    }
    expect(progress.at(-1)).toBe(100);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(JSON.parse(row.metadata)).toEqual({ progress: 100, step: 4 });
    expect(superjson.parse(row.output)).toEqual({ steps: 4 });
  });

  it("ai-stream: word tokens into the stream text, metadata.status, output { text }", async () => {
    const { id } = await dev.server.trigger("ai-stream", { prompt: "Why?", delayMs: 1 });
    const events = await readSse(await fetch(`${dev.server.url}/realtime/v1/streams/${id}/text`, { headers: { ...bearer(dev.readToken), "timeout-seconds": "1" } }));
    const run = dev.server.getRun(id)!;
    expect(run.status).toBe("COMPLETED_SUCCESSFULLY");
    const { text } = superjson.parse<{ text: string }>(run.output!.data!);
    expect(events.map((event) => JSON.parse(event.data!)).join("")).toBe(text);
    expect(text).toContain("Why?");
    expect(events.length).toBeGreaterThan(5);
    expect(run.metadata).toMatchObject({ status: "done" });
    expect(run.realtimeStreams).toEqual(["text"]);
  });

  it("approval: waits (WAITING) until the token from metadata completes it, output { approved }", async () => {
    for (const approved of [true, false]) {
      const { id } = await dev.server.trigger("approval", { question: "Deploy?" });
      const waitpointId = await eventually(() => dev.server.getRun(id)!.metadata?.waitpointId as string | undefined, 5000, "the wait token");
      expect(dev.server.getRun(id)!.status).toBe("WAITING_TO_RESUME");
      expect(dev.server.getRun(id)!.metadata).toMatchObject({ question: "Deploy?", waitpointToken: expect.any(String) });
      expect((await completeToken(waitpointId, dev.server.getRun(id)!.metadata!.waitpointToken as string, { approved })).status).toBe(200);
      await eventually(() => dev.server.getRun(id)!.status === "COMPLETED_SUCCESSFULLY", 5000, "the approval to finish");
      expect(superjson.parse(dev.server.getRun(id)!.output!.data!)).toEqual({ approved });
    }
  });

  it("fail: throws Error('Demo failure') after a short delay", async () => {
    const { id } = await dev.server.trigger("fail", {});
    await eventually(() => dev.server.getRun(id)!.status === "COMPLETED_WITH_ERRORS", 5000, "the run to fail");
    expect(dev.server.getRun(id)!.error).toMatchObject({ type: "BUILT_IN_ERROR", name: "Error", message: "Demo failure" });
  });
});

describe("task context", () => {
  it("offers metadata, streams, wait tokens and tags, and the run completes with the returned output", async () => {
    const { id } = await dev.server.trigger("kitchen-sink", { name: "Ada" }, { tags: ["from-trigger"], metadata: { initial: 1 } });
    const tokenId = await eventually(() => dev.server.getRun(id)!.metadata?.tokenId as string | undefined, 5000, "the wait token");
    const run = dev.server.getRun(id)!;
    expect(run.status).toBe("WAITING_TO_RESUME");
    expect(run.metadata).toMatchObject({ initial: 1, name: "Ada", log: ["started", "working"], count: 3 });
    expect(run.metadata).not.toHaveProperty("temporary");
    expect(run.tags).toEqual(["from-trigger", "added-by-task"]);
    expect(run.realtimeStreams).toEqual(["events", "words"]);
    expect(seen.ctxRun).toEqual({ id, taskIdentifier: "kitchen-sink", tags: ["from-trigger"] });
    await completeToken(tokenId, run.metadata!.token as string, { ok: "yes" });
    await eventually(() => dev.server.getRun(id)!.status === "COMPLETED_SUCCESSFULLY", 5000, "the run to complete");
    expect(seen.waitResult).toEqual({ ok: true, output: { ok: "yes" } });
    expect(dev.server.getRun(id)!.metadata).toMatchObject({ replaced: true, name: "Ada" });
    expect(superjson.parse(dev.server.getRun(id)!.output!.data!)).toEqual({ greeting: "hello Ada" });
    const words = await readSse(await fetch(`${dev.server.url}/realtime/v1/streams/${id}/words`, { headers: { ...bearer(dev.readToken), "timeout-seconds": "1" } }));
    expect(words.map((event) => JSON.parse(event.data!))).toEqual(["one", "two"]);
  });

  it("records a thrown non-Error as a STRING_ERROR", async () => {
    const { id } = await dev.server.trigger("throws-string");
    await eventually(() => dev.server.getRun(id)!.status === "COMPLETED_WITH_ERRORS", 5000, "the run to fail");
    expect(dev.server.getRun(id)!.error).toEqual({ type: "STRING_ERROR", raw: "plain string failure" });
  });

  it("stops a task whose run is canceled while it waits", async () => {
    const { id } = await dev.server.trigger("approval", {});
    await eventually(() => dev.server.getRun(id)!.status === "WAITING_TO_RESUME", 5000, "the run to wait");
    dev.server.run(id).cancel();
    const { waitpointId, waitpointToken } = dev.server.getRun(id)!.metadata as { waitpointId: string; waitpointToken: string };
    await completeToken(waitpointId, waitpointToken, { approved: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(dev.server.getRun(id)!.status).toBe("CANCELED");
    expect(dev.server.getRun(id)!.metadata).toMatchObject({ decision: "pending" });
  });

  it("trigger() honours tags, metadata and idempotency keys", async () => {
    const first = await dev.server.trigger("progress", { steps: 1, delayMs: 1 }, { tags: "single", idempotencyKey: "once", metadata: { a: 1 } });
    const second = await dev.server.trigger("progress", { steps: 1, delayMs: 1 }, { idempotencyKey: "once" });
    expect(second).toMatchObject({ id: first.id, isCached: true });
    expect(dev.server.getRun(first.id)).toMatchObject({ tags: ["single"], metadata: { a: 1 } });
    await expect(dev.server.trigger("missing-task")).rejects.toThrow("Task not found");
  });
});

it("stops running tasks when the server closes", async () => {
  const server = await startDevServer({ port: 0 });
  const { id } = await server.trigger("progress", { steps: 1000, delayMs: 5 });
  await eventually(() => server.getRun(id)!.status === "EXECUTING", 2000, "the run to start");
  await server.close();
  const step = (server.getRun(id)!.metadata as { step: number }).step;
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect((server.getRun(id)!.metadata as { step: number }).step).toBe(step);
});
