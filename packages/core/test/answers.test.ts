import { describe, expect, it } from "vitest";
import { decodeBatchAnswer, decodeTriggerAnswer, decodeWaitTokenAnswer } from "../src/decode/answers.js";

describe("action route answers", () => {
  it("reads a trigger answer, and refuses one without a run id", () => {
    expect(decodeTriggerAnswer({ id: "run_1", isCached: true }, "task t")).toEqual({ id: "run_1", isCached: true });
    expect(decodeTriggerAnswer({ id: "run_1", isCached: "yes" }, "task t")).toEqual({ id: "run_1", isCached: undefined });
    expect(() => decodeTriggerAnswer({ run: "run_1" }, "task t")).toThrow(expect.objectContaining({ code: "invalid_data", message: expect.stringContaining("task t") }));
    expect(() => decodeTriggerAnswer(null, "task t")).toThrow(expect.objectContaining({ code: "invalid_data" }));
  });

  it("reads a batch answer with runs listed as ids or objects, and refuses one without a batch id", () => {
    expect(decodeBatchAnswer({ id: "batch_1", runCount: 2, runs: ["run_1", { id: "run_2" }, { nope: 1 }, 3] }, "task t")).toEqual({
      id: "batch_1",
      runCount: 2,
      runs: ["run_1", "run_2"],
    });
    expect(decodeBatchAnswer({ id: "batch_1" }, "task t")).toEqual({ id: "batch_1", runCount: undefined, runs: [] });
    expect(() => decodeBatchAnswer({ runs: [] }, "task t")).toThrow(expect.objectContaining({ code: "invalid_data" }));
  });

  it("accepts only a confirmed wait-token completion", () => {
    expect(decodeWaitTokenAnswer({ success: true }, "wait token w")).toEqual({ success: true });
    expect(() => decodeWaitTokenAnswer({ success: "true" }, "wait token w")).toThrow(expect.objectContaining({ code: "invalid_data" }));
  });
});
