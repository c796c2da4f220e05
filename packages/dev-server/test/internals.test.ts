import { describe, expect, it } from "vitest";
import { Deadlines } from "../src/deadlines.js";
import { RunRegistry } from "../src/runs.js";

describe("RunRegistry change topics", () => {
  const newRun = (registry: RunRegistry, tags: string[] = [], batchId?: string) =>
    registry.create({ taskIdentifier: "t", payload: { data: undefined, dataType: "application/json" }, tags, batchId });

  it("wake only the listeners of the run, batch and tags a change touches", () => {
    const registry = new RunRegistry();
    const { batch } = registry.createBatch(2);
    const a = newRun(registry, ["x"], batch.id);
    const b = newRun(registry, ["y"]);
    const calls: string[] = [];
    registry.listen({ kind: "run", runId: a.id }, () => calls.push("run a"));
    registry.listen({ kind: "run", runId: b.id }, () => calls.push("run b"));
    registry.listen({ kind: "tag", tag: "x" }, () => calls.push("tag x"));
    registry.listen({ kind: "tag", tag: "y" }, () => calls.push("tag y"));
    registry.listen({ kind: "batch", batchId: batch.id }, () => calls.push("batch"));

    registry.update(b.id, () => {});
    expect(calls).toEqual(["run b", "tag y"]);
    calls.length = 0;
    registry.update(a.id, () => {});
    expect(calls).toEqual(["run a", "batch", "tag x"]);
    calls.length = 0;
    // Losing tag x and gaining y: both feeds hear of it (one to delete, one to insert).
    registry.update(a.id, (run) => void (run.tags = ["y"]));
    expect(calls.sort()).toEqual(["batch", "run a", "tag x", "tag y"]);
    expect([...registry.withTag("x")]).toEqual([]);
    expect([...registry.withTag("y")].map((run) => run.id).sort()).toEqual([a.id, b.id].sort());
  });

  it("stops calling a listener once it unsubscribes, and gives every change a later updatedAt", () => {
    const registry = new RunRegistry();
    const run = newRun(registry);
    let calls = 0;
    const stop = registry.listen({ kind: "run", runId: run.id }, () => calls++);
    const stamps = [run.updatedAt];
    for (let step = 0; step < 5; step++) stamps.push(registry.update(run.id, () => {}).updatedAt);
    stop();
    registry.update(run.id, () => {});
    expect(calls).toBe(5);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect([...stamps].sort((x, y) => x - y)).toEqual(stamps);
  });
});

describe("Deadlines", () => {
  it("calls many deadlines from one timer, in order, and never a cancelled one", async () => {
    const deadlines = new Deadlines(10);
    const fired: number[] = [];
    for (const delay of [60, 20, 40]) deadlines.schedule(delay, () => fired.push(delay));
    const cancel = deadlines.schedule(30, () => fired.push(30));
    cancel();
    expect(deadlines.size).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(fired).toEqual([20, 40, 60]);
    expect(deadlines.size).toBe(0);
  });

  it("honours a cancel made by another deadline of the same bucket", async () => {
    const deadlines = new Deadlines(50);
    const fired: string[] = [];
    let cancelSecond = () => {};
    deadlines.schedule(10, () => {
      fired.push("first");
      cancelSecond();
    });
    cancelSecond = deadlines.schedule(20, () => fired.push("second"));
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(fired).toEqual(["first"]);
  });

  it("lets a deadline schedule another, and clear() forgets everything", async () => {
    const deadlines = new Deadlines(10);
    const fired: string[] = [];
    deadlines.schedule(10, () => {
      fired.push("outer");
      deadlines.schedule(10, () => fired.push("inner"));
    });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(fired).toEqual(["outer", "inner"]);
    deadlines.schedule(10, () => fired.push("cleared"));
    deadlines.clear();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fired).toEqual(["outer", "inner"]);
  });
});
