import { describe, expect, it } from "vitest";
import { eventually, useDevServer } from "@trigger-realtime/test-support";
import { startDevServer } from "../src/index.js";
import { bearer, readSse, shape, ShapeFollower } from "./support.js";

const dev = useDevServer();
const runUrl = (id: string) => `${dev.server.url}/realtime/v1/runs/${id}`;

describe("driving a run step by step", () => {
  it("moves it through its lifecycle, every step visible on the wire", async () => {
    const run = dev.server.createRun({ taskIdentifier: "manual", payload: { n: 1 }, tags: ["driven"] });
    expect(run.id).toMatch(/^run_/);
    const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
    // Electric updates carry the changed columns only: the row is what they add up to.
    let current: Record<string, string | null> = {};
    const row = async () => (current = { ...current, ...(await follower.next()).body[0].value });
    current = (await follower.snapshot()).body[0].value;
    expect(current.status).toBe("PENDING");

    run.start();
    const started = await row();
    expect(started.status).toBe("EXECUTING");
    expect(started.startedAt).not.toBeNull();

    run.setMetadata({ progress: 10 });
    expect(JSON.parse((await row()).metadata)).toEqual({ progress: 10 });
    run.updateMetadata((metadata) => ({ ...metadata, progress: 20, step: 2 }));
    expect(JSON.parse((await row()).metadata)).toEqual({ progress: 20, step: 2 });

    run.appendStream("text", "hi");
    expect((await row()).realtimeStreams).toBe("{text}");

    run.setTags(["driven", "extra"]);
    expect((await row()).runTags).toBe("{driven,extra}");

    run.waiting();
    expect((await row()).status).toBe("WAITING_TO_RESUME");
    run.start();
    await row();

    run.complete({ answer: 42 });
    const done = await row();
    expect(done.status).toBe("COMPLETED_SUCCESSFULLY");
    expect(done.completedAt).not.toBeNull();
    expect(Number(done.usageDurationMs)).toBeGreaterThanOrEqual(0);
    expect(done.outputType).toBe("application/super+json");
    expect(JSON.parse(done.output).json).toEqual({ answer: 42 });

    const state = dev.server.getRun(run.id)!;
    expect(state.status).toBe("COMPLETED_SUCCESSFULLY");
    expect(state.completedAt).toBeGreaterThanOrEqual(state.startedAt!);
    expect(() => run.complete()).toThrow(/already finished/);
    expect(() => run.cancel()).toThrow(/already finished/);
  });

  it("fails a run with a BUILT_IN_ERROR, and cancels one", async () => {
    const failed = dev.server.createRun({});
    failed.start();
    failed.fail(new RangeError("out of range"));
    const value = (await shape(`${runUrl(failed.id)}?offset=-1`, dev.readToken)).body[0].value;
    expect(value.status).toBe("COMPLETED_WITH_ERRORS");
    expect(JSON.parse(value.error)).toEqual({ type: "BUILT_IN_ERROR", name: "RangeError", message: "out of range", stackTrace: expect.stringContaining("out of range") });

    const canceled = dev.server.createRun({});
    canceled.cancel();
    const canceledRow = (await shape(`${runUrl(canceled.id)}?offset=-1`, dev.readToken)).body[0].value;
    expect(canceledRow.status).toBe("CANCELED");
    expect(canceledRow.completedAt).not.toBeNull();
    expect(canceledRow.error).toBeNull();
  });

  it("reaches runs by id through run(id) and getRun(id), and knows nothing of unknown ids", () => {
    const run = dev.server.createRun({});
    dev.server.run(run.id).start();
    expect(dev.server.getRun(run.id)!.status).toBe("EXECUTING");
    expect(dev.server.getRun("run_unknown")).toBeUndefined();
    expect(() => dev.server.run("run_unknown")).toThrow();
    expect(() => dev.server.createRun({ batchId: "batch_unknown" })).toThrow();
  });

  it("streams parts appended by hand to readers", async () => {
    const run = dev.server.createRun({});
    run.appendStream("tokens", "a");
    run.appendStream("tokens", { b: true });
    run.complete();
    const events = await readSse(await fetch(`${dev.server.url}/realtime/v1/streams/${run.id}/tokens`, { headers: { ...bearer(dev.readToken), "timeout-seconds": "1" } }));
    expect(events.map((event) => JSON.parse(event.data!))).toEqual(["a", { b: true }]);
  });
});

describe("fault hooks", () => {
  it("rotateShapes ends held long-polls and sends the next request with an old handle a 409 with a new handle", async () => {
    const run = dev.server.createRun({});
    const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
    await follower.snapshot();
    const oldHandle = follower.handle;
    const held = follower.next();
    await eventually(() => dev.server.stats().openShapeRequests > 0, 2000, "the long-poll to be held");
    dev.server.rotateShapes();
    const released = await held;
    expect(released.status).toBe(200);
    expect(released.body).toEqual([{ headers: { control: "up-to-date", global_last_seen_lsn: expect.any(String) } }]);
    const rejected = await follower.next();
    expect(rejected.status).toBe(409);
    expect(rejected.body).toEqual([{ headers: { control: "must-refetch" } }]);
    const fresh = rejected.headers.get("electric-handle")!;
    expect(fresh).not.toBe(oldHandle);
    const again = await shape(`${runUrl(run.id)}?offset=-1&handle=${fresh}`, dev.readToken);
    expect(again.headers.get("electric-handle")).toBe(fresh);
  });

  it("dropConnections cuts held long-polls and open streams mid-response; the server keeps serving", async () => {
    const run = dev.server.createRun({});
    run.start();
    const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
    await follower.snapshot();
    const held = follower.next().then(
      () => "answered",
      () => "cut",
    );
    const stream = await fetch(`${dev.server.url}/realtime/v1/streams/${run.id}/k`, { headers: bearer(dev.readToken) });
    const reading = readSse(stream).then(
      () => "ended",
      () => "cut",
    );
    await eventually(() => dev.server.stats().openShapeRequests > 0 && dev.server.stats().openStreams > 0, 2000, "both connections to be open");
    dev.server.dropConnections();
    expect(await held).toBe("cut");
    expect(await reading).toBe("cut");
    expect(dev.server.stats().openShapeRequests).toBe(0);
    expect(dev.server.stats().openStreams).toBe(0);
    expect((await shape(`${runUrl(run.id)}?offset=-1`, dev.readToken)).status).toBe(200);
  });

  it("restart cuts every connection, refuses new ones while down, and comes back on the same address with new handles", async () => {
    const run = dev.server.createRun({});
    run.start();
    const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
    const oldHandle = (await follower.snapshot()).headers.get("electric-handle");
    const held = follower.next().then(
      () => "answered",
      () => "cut",
    );
    await eventually(() => dev.server.stats().openShapeRequests > 0, 2000, "the long-poll to be held");
    const restarted = dev.server.restart({ downMs: 300 });
    expect(await held).toBe("cut");
    await expect(fetch(`${runUrl(run.id)}?offset=-1`, { headers: bearer(dev.readToken) })).rejects.toThrow();
    await restarted;
    run.setMetadata({ after: "restart" });
    const rejected = await follower.next();
    expect(rejected.status).toBe(409);
    const fresh = await shape(`${runUrl(run.id)}?offset=-1`, dev.readToken);
    expect(fresh.headers.get("electric-handle")).not.toBe(oldHandle);
    expect(JSON.parse(fresh.body[0].value.metadata)).toEqual({ after: "restart" });
  });

  it("corruptRun overrides wire values of the row in snapshots and live answers, until overridden again", async () => {
    const run = dev.server.createRun({});
    const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
    await follower.snapshot();
    dev.server.corruptRun(run.id, { error: "{not json", status: "42", number: null });
    const live = (await follower.next()).body[0].value;
    expect(live.error).toBe("{not json");
    expect(live.status).toBe("42");
    expect(live.number).toBeNull();
    expect((await shape(`${runUrl(run.id)}?offset=-1`, dev.readToken)).body[0].value.error).toBe("{not json");
    dev.server.corruptRun(run.id, { error: null });
    expect((await follower.next()).body[0].value.error).toBeNull();
  });

  it("setConnectionLimit answers live requests beyond the limit with 429", async () => {
    const run = dev.server.createRun({});
    const followers = [new ShapeFollower(runUrl(run.id), dev.readToken), new ShapeFollower(runUrl(run.id), dev.readToken)];
    for (const follower of followers) await follower.snapshot();
    const base = dev.server.stats().openShapeRequests;
    dev.server.setConnectionLimit(base + 1);
    try {
      const first = followers[0]!.next();
      await eventually(() => dev.server.stats().openShapeRequests === base + 1, 2000, "the first long-poll");
      const second = await followers[1]!.next();
      expect(second.status).toBe(429);
      expect(second.body).toEqual({ error: "Too many concurrent requests" });
      // Snapshots are not live requests: never limited.
      expect((await shape(`${runUrl(run.id)}?offset=-1`, dev.readToken)).status).toBe(200);
      run.start();
      expect((await first).status).toBe(200);
    } finally {
      dev.server.setConnectionLimit(Number.POSITIVE_INFINITY);
    }
    expect((await followers[1]!.next()).status).toBe(200);
  });

  it("stats counts open long-polls, open streams and requests per route kind", async () => {
    const server = await startDevServer({ port: 0 });
    try {
      const token = await server.createPublicToken({ scopes: ["read:all"] });
      const run = server.createRun({});
      expect(server.stats()).toEqual({ openShapeRequests: 0, openStreams: 0, requests: {}, totalRequests: 0, streamFaultsFired: 0 });
      const followers = Array.from({ length: 3 }, () => new ShapeFollower(`${server.url}/realtime/v1/runs/${run.id}`, token));
      for (const follower of followers) await follower.snapshot();
      const held = followers.map((follower) => follower.next());
      const stream = await fetch(`${server.url}/realtime/v1/streams/${run.id}/k`, { headers: { ...bearer(token), "timeout-seconds": "1" } });
      await eventually(() => server.stats().openShapeRequests === 3, 2000, "three held long-polls");
      expect(server.stats().openStreams).toBe(1);
      await fetch(`${server.url}/api/v1/tasks/progress/trigger`, { method: "POST", headers: bearer(server.secretKey), body: "{}" });
      run.complete();
      await Promise.all(held);
      await stream.text();
      const stats = await eventually(() => {
        const current = server.stats();
        return current.openShapeRequests === 0 && current.openStreams === 0 && current;
      }, 2000, "every connection to close");
      expect(stats.requests).toEqual({ shape: 6, stream: 1, trigger: 1 });
      expect(stats.totalRequests).toBe(8);
    } finally {
      await server.close();
    }
  });
});

it("close() ends held long-polls and streams at once", async () => {
  const server = await startDevServer({ port: 0 });
  const run = server.createRun({ tags: ["closing"] });
  const followers = [
    new ShapeFollower(`${server.url}/realtime/v1/runs/${run.id}`, server.secretKey),
    new ShapeFollower(`${server.url}/realtime/v1/runs?tags=closing`, server.secretKey),
  ];
  for (const follower of followers) await follower.snapshot();
  const held = followers.map((follower) => follower.next().catch(() => "cut"));
  await eventually(() => server.stats().openShapeRequests === 2, 2000, "two held long-polls");
  const started = Date.now();
  await server.close();
  await Promise.all(held);
  expect(Date.now() - started).toBeLessThan(1000);
  await expect(fetch(`${server.url}/realtime/v1/runs/${run.id}?offset=-1`)).rejects.toThrow();
});
