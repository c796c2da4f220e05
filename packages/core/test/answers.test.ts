import { describe, expect, it } from "vitest";
import { decodeCreatedBatch, decodeTriggerAnswer, decodeWaitTokenAnswer, isUnsealedBatch } from "../src/decode/answers.js";

describe("action route answers", () => {
  it("reads a trigger answer, and refuses one without a run id", () => {
    expect(decodeTriggerAnswer({ id: "run_1", isCached: true }, "task t")).toEqual({ id: "run_1", isCached: true });
    expect(decodeTriggerAnswer({ id: "run_1", isCached: "yes" }, "task t")).toEqual({ id: "run_1", isCached: undefined });
    expect(() => decodeTriggerAnswer({ run: "run_1" }, "task t")).toThrow(expect.objectContaining({ code: "invalid_data", message: expect.stringContaining("task t") }));
    expect(() => decodeTriggerAnswer(null, "task t")).toThrow(expect.objectContaining({ code: "invalid_data" }));
  });

  it("reads a created batch, and refuses one without a batch id or run count", () => {
    expect(decodeCreatedBatch({ id: "batch_1", runCount: 2, isCached: true, idempotencyKey: "k" }, "task t")).toEqual({ id: "batch_1", runCount: 2, isCached: true, idempotencyKey: "k" });
    expect(decodeCreatedBatch({ id: "batch_1", runCount: 2, idempotencyKey: 3 }, "task t")).toEqual({ id: "batch_1", runCount: 2, isCached: false });
    expect(() => decodeCreatedBatch({ id: "batch_1" }, "task t")).toThrow(expect.objectContaining({ code: "invalid_data", message: expect.stringContaining("task t") }));
    expect(() => decodeCreatedBatch(null, "task t")).toThrow(expect.objectContaining({ code: "invalid_data" }));
  });

  it("asks for the items again only while the server says the batch is not sealed", () => {
    expect(isUnsealedBatch({ sealed: false })).toBe(true);
    expect(isUnsealedBatch({ sealed: true })).toBe(false);
    expect(isUnsealedBatch(undefined)).toBe(false);
  });

  it("accepts only a confirmed wait-token completion", () => {
    expect(decodeWaitTokenAnswer({ success: true }, "wait token w")).toEqual({ success: true });
    expect(() => decodeWaitTokenAnswer({ success: "true" }, "wait token w")).toThrow(expect.objectContaining({ code: "invalid_data" }));
  });
});
