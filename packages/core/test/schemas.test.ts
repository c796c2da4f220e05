import { describe, expect, it } from "vitest";
import {
  createdBatchSchema,
  retrievedRunSchema,
  runRowSchema,
  streamBatchSchema,
  taskRunErrorSchema,
  triggerAnswerSchema,
} from "@trigger-realtime/core/schemas";

const row = {
  id: "cm1internal",
  taskIdentifier: "my-task",
  friendlyId: "run_1",
  status: "EXECUTING",
  createdAt: "2025-07-16T10:00:00.123",
  updatedAt: "2025-07-16 10:00:01.456",
  runTags: ["a"],
  somethingNew: 1,
};

describe("the exported wire schemas", () => {
  it("read a run row as the decoder does: timestamps as UTC Dates, unknown columns dropped", () => {
    const parsed = runRowSchema.parse(row);
    expect(parsed.createdAt).toStrictEqual(new Date("2025-07-16T10:00:00.123Z"));
    expect(parsed.updatedAt).toStrictEqual(new Date("2025-07-16T10:00:01.456Z"));
    expect(parsed).not.toHaveProperty("somethingNew");
  });

  it("say where a row is wrong and what the value should be", () => {
    const result = runRowSchema.safeParse({ ...row, runTags: ["a", 2], createdAt: "yesterday" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(({ path, message }) => ({ path, message }))).toStrictEqual([
      { path: ["createdAt"], message: "a timestamp" },
      { path: ["runTags", 1], message: "a string" },
    ]);
    expect(taskRunErrorSchema.safeParse({ type: "WEIRD_ERROR" }).error?.issues[0]).toMatchObject({ path: ["type"], message: "a task run error type" });
  });

  it("read action answers leniently where the client can do without a field", () => {
    expect(triggerAnswerSchema.parse({ id: "run_1", isCached: "yes" })).toStrictEqual({ id: "run_1", isCached: undefined });
    expect(createdBatchSchema.parse({ id: "batch_1", runCount: 2 })).toMatchObject({ id: "batch_1", runCount: 2, isCached: false });
    expect(createdBatchSchema.safeParse({ id: "batch_1" }).success).toBe(false);
  });

  it("read a retrieved run with Dates, and refuse a stream batch whose records are not a list", () => {
    const run = retrievedRunSchema.parse({ id: "run_1", status: "COMPLETED", createdAt: "2025-07-16T10:00:00.000Z", startedAt: null, version: "1" });
    expect(run).toMatchObject({ id: "run_1", createdAt: new Date("2025-07-16T10:00:00.000Z"), relatedRuns: {}, attemptCount: 0, version: "1" });
    expect(run.startedAt).toBeUndefined();
    expect(streamBatchSchema.safeParse({ records: { seq_num: 1 } }).success).toBe(false);
    expect(streamBatchSchema.parse({ records: [{ seq_num: 1, body: "{}", headers: [["trigger-control", "turn-complete"]] }], tail: { seq_num: 2 } }).records).toHaveLength(1);
  });
});
