import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { createRealtimeClient } from "../src/client.js";
import { createRunDecoder } from "../src/decode/run.js";
import { parsePacket } from "../src/decode/packets.js";
import { publicRunStatus, runStatusFlags } from "../src/decode/status.js";
import { RealtimeError } from "../src/errors.js";
import type { RunStatus } from "../src/types.js";

// Nothing listens on port 9: only offloaded packets would touch the network.
const client = createRealtimeClient({ baseURL: "http://127.0.0.1:9", accessToken: "tr_dev_test" });

/** A row with only the columns the server never drops, as Electric's client yields it. */
const minimalRow = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: "cm1internal",
  taskIdentifier: "my-task",
  friendlyId: "run_1",
  status: "PENDING",
  createdAt: "2025-07-16T10:00:00.123",
  updatedAt: "2025-07-16T10:00:01.456",
  ...overrides,
});

/** Every column, values already converted by the shape schema (numbers, booleans, arrays, jsonb). */
const fullRow = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
  minimalRow({
    status: "COMPLETED_SUCCESSFULLY",
    startedAt: "2025-07-16T10:00:02",
    delayUntil: null,
    queuedAt: "2025-07-16T10:00:00.500",
    expiredAt: null,
    completedAt: "2025-07-16T10:00:05.000",
    number: 3,
    isTest: true,
    usageDurationMs: 1234,
    costInCents: 0.0123,
    baseCostInCents: 0.5,
    ttl: "10m",
    payload: '{"json":{"name":"Ada"}}',
    payloadType: "application/super+json",
    metadata: '{"progress":0.5}',
    metadataType: "application/json",
    output: '{"ok":true}',
    outputType: "application/json",
    runTags: ["user:1", "with space"],
    error: null,
    realtimeStreams: ["text"],
    ...overrides,
  });

const decode = (row: unknown) => createRunDecoder(client)(row as Record<string, unknown>);

async function decodeError(row: unknown): Promise<RealtimeError> {
  const error = await decode(row).then(
    () => undefined,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(RealtimeError);
  expect((error as RealtimeError).code).toBe("invalid_data");
  return error as RealtimeError;
}

describe("run rows", () => {
  it("turns a full row into the SDK's public run object, field for field", async () => {
    const run = await decode(fullRow());
    expect(run).toStrictEqual({
      id: "run_1",
      createdAt: new Date("2025-07-16T10:00:00.123Z"),
      updatedAt: new Date("2025-07-16T10:00:01.456Z"),
      taskIdentifier: "my-task",
      status: "COMPLETED",
      payload: { name: "Ada" },
      output: { ok: true },
      durationMs: 1234,
      costInCents: 0.0123,
      baseCostInCents: 0.5,
      tags: ["user:1", "with space"],
      idempotencyKey: undefined,
      expiredAt: undefined,
      finishedAt: new Date("2025-07-16T10:00:05.000Z"),
      startedAt: new Date("2025-07-16T10:00:02Z"),
      delayedUntil: undefined,
      queuedAt: new Date("2025-07-16T10:00:00.500Z"),
      error: undefined,
      isTest: true,
      metadata: { progress: 0.5 },
      realtimeStreams: ["text"],
      isQueued: false,
      isWaiting: false,
      isExecuting: false,
      isCompleted: true,
      isFailed: false,
      isSuccess: true,
      isCancelled: false,
    });
  });

  it("never copies number, ttl, the internal id or an idempotency key", async () => {
    const run = (await decode(fullRow({ idempotencyKey: "abc" }))) as unknown as Record<string, unknown>;
    expect(run).not.toHaveProperty("number");
    expect(run).not.toHaveProperty("ttl");
    expect(run.id).toBe("run_1");
    expect(run.idempotencyKey).toBeUndefined();
  });

  it("fills the SDK's defaults for columns the subscription skipped", async () => {
    const run = await decode(minimalRow());
    expect(run).toMatchObject({
      id: "run_1",
      status: "QUEUED",
      payload: undefined,
      output: undefined,
      metadata: undefined,
      durationMs: 0,
      costInCents: 0,
      baseCostInCents: 0,
      tags: [],
      isTest: false,
      realtimeStreams: [],
      error: undefined,
      finishedAt: undefined,
      startedAt: undefined,
      isQueued: true,
    });
  });

  it("reads null tags and streams (empty columns) as empty lists", async () => {
    const run = await decode(fullRow({ runTags: null, realtimeStreams: null }));
    expect(run.tags).toEqual([]);
    expect(run.realtimeStreams).toEqual([]);
  });

  it("reads timestamps in Electric's own format and ones that already carry a zone", async () => {
    const run = await decode(minimalRow({ createdAt: "2025-07-16 10:00:00.123", updatedAt: "2025-07-16T12:00:00+02:00" }));
    expect(run.createdAt.toISOString()).toBe("2025-07-16T10:00:00.123Z");
    expect(run.updatedAt.toISOString()).toBe("2025-07-16T10:00:00.000Z");
  });

  it("maps optional dates, turning nulls into undefined", async () => {
    const run = await decode(minimalRow({ delayUntil: "2025-07-17T00:00:00", expiredAt: "2025-07-18T00:00:00", startedAt: null }));
    expect(run.delayedUntil).toEqual(new Date("2025-07-17T00:00:00Z"));
    expect(run.expiredAt).toEqual(new Date("2025-07-18T00:00:00Z"));
    expect(run.startedAt).toBeUndefined();
  });
});

describe("statuses", () => {
  const table: [string, RunStatus][] = [
    ["DELAYED", "DELAYED"],
    ["PENDING_VERSION", "PENDING_VERSION"],
    ["WAITING_FOR_DEPLOY", "PENDING_VERSION"],
    ["PENDING", "QUEUED"],
    ["DEQUEUED", "DEQUEUED"],
    ["EXECUTING", "EXECUTING"],
    ["RETRYING_AFTER_FAILURE", "EXECUTING"],
    ["WAITING_TO_RESUME", "WAITING"],
    ["PAUSED", "WAITING"],
    ["COMPLETED_SUCCESSFULLY", "COMPLETED"],
    ["COMPLETED_WITH_ERRORS", "FAILED"],
    ["INTERRUPTED", "FAILED"],
    ["CANCELED", "CANCELED"],
    ["CRASHED", "CRASHED"],
    ["SYSTEM_FAILURE", "SYSTEM_FAILURE"],
    ["EXPIRED", "EXPIRED"],
    ["TIMED_OUT", "TIMED_OUT"],
    ["SOMETHING_NEW", "QUEUED"],
    ["toString", "QUEUED"],
    // Public names that are not internal statuses fall back like any unknown one.
    ["QUEUED", "QUEUED"],
    ["COMPLETED", "QUEUED"],
  ];

  it.each(table)("internal %s is public %s", async (internal, expected) => {
    expect(publicRunStatus(internal)).toBe(expected);
    expect((await decode(minimalRow({ status: internal }))).status).toBe(expected);
  });

  type Flag = "isQueued" | "isWaiting" | "isExecuting" | "isCompleted" | "isFailed" | "isSuccess" | "isCancelled";
  const flags: [RunStatus, Flag[]][] = [
    ["PENDING_VERSION", ["isQueued"]],
    ["QUEUED", ["isQueued"]],
    ["DELAYED", ["isQueued"]],
    ["DEQUEUED", ["isExecuting"]],
    ["EXECUTING", ["isExecuting"]],
    ["WAITING", ["isWaiting"]],
    ["COMPLETED", ["isCompleted", "isSuccess"]],
    ["FAILED", ["isCompleted", "isFailed"]],
    ["CRASHED", ["isCompleted", "isFailed"]],
    ["SYSTEM_FAILURE", ["isCompleted", "isFailed"]],
    ["EXPIRED", ["isCompleted", "isFailed"]],
    ["TIMED_OUT", ["isCompleted", "isFailed"]],
    ["CANCELED", ["isCancelled"]],
  ];

  it.each(flags)("%s sets exactly %j", (status, set) => {
    const all: Flag[] = ["isQueued", "isWaiting", "isExecuting", "isCompleted", "isFailed", "isSuccess", "isCancelled"];
    expect(runStatusFlags(status)).toEqual(Object.fromEntries(all.map((flag) => [flag, set.includes(flag)])));
  });
});

describe("packets", () => {
  it("parses superjson payloads back into Dates, Maps, Sets and bigints", async () => {
    const value = { at: new Date("2025-01-02T03:04:05.678Z"), seen: new Set(["a"]), map: new Map([["k", 1]]), big: 12n, nothing: undefined };
    const run = await decode(fullRow({ payload: superjson.stringify(value), payloadType: "application/super+json" }));
    expect(run.payload).toEqual(value);
    expect(run.payload.at).toBeInstanceOf(Date);
  });

  it("parses JSON, keeps text as text and unknown types as the raw string", async () => {
    expect(await parsePacket({ data: '{"a":[1,2]}', dataType: "application/json" })).toEqual({ a: [1, 2] });
    expect(await parsePacket({ data: '{"a":1}', dataType: "application/json; charset=utf-8" })).toEqual({ a: 1 });
    expect(await parsePacket({ data: "hello", dataType: "text/plain" })).toBe("hello");
    expect(await parsePacket({ data: "<b>x</b>", dataType: "text/html" })).toBe("<b>x</b>");
    expect(await parsePacket({ data: "", dataType: "application/json" })).toBeUndefined();
    expect(await parsePacket({ data: null, dataType: "application/super+json" })).toBeUndefined();
  });

  it("reads a payload or output only when its type column is set", async () => {
    const run = await decode(fullRow({ payloadType: null, outputType: "", output: "ignored" }));
    expect(run.payload).toBeUndefined();
    expect(run.output).toBeUndefined();
    const text = await decode(fullRow({ payload: "plain words", payloadType: "text/plain", output: null }));
    expect(text.payload).toBe("plain words");
    expect(text.output).toBeUndefined();
  });

  it("reads metadata only when both metadata and its type are present", async () => {
    expect((await decode(fullRow({ metadataType: null }))).metadata).toBeUndefined();
    expect((await decode(fullRow({ metadata: null }))).metadata).toBeUndefined();
    expect((await decode(fullRow({ metadata: '{"a":{"b":[1]}}' }))).metadata).toEqual({ a: { b: [1] } });
  });

  it("keeps a run's parsed payload and output by identity while the packets do not change", async () => {
    const decodeRun = createRunDecoder(client);
    const first = await decodeRun(fullRow());
    const second = await decodeRun(fullRow({ status: "EXECUTING", metadata: '{"progress":0.9}' }));
    expect(second.payload).toBe(first.payload);
    expect(second.output).toBe(first.output);
    expect(second.metadata).not.toBe(first.metadata);

    const changed = await decodeRun(fullRow({ output: '{"ok":false}' }));
    expect(changed.output).toEqual({ ok: false });
    const otherRun = await decodeRun(fullRow({ friendlyId: "run_2" }));
    expect(otherRun.payload).toEqual(first.payload);
    expect(otherRun.payload).not.toBe(first.payload);
  });

  it("rejects a packet that is not what its type says, naming the run and the field", async () => {
    const error = await decodeError(fullRow({ output: "{not json", outputType: "application/json" }));
    expect(error.message).toMatch(/^Run run_1: its output \(application\/json\) could not be read/);
  });

  it("downloads offloaded packets through the API and reports where that fails", async () => {
    const error = await decode(fullRow({ payload: "packets/run_1/payload.json", payloadType: "application/store" })).catch((cause) => cause);
    expect(error).toBeInstanceOf(RealtimeError);
    expect(error.code).toBe("network");
    expect(error.message).toMatch(/^Run run_1: its payload \(application\/store\) could not be read: Could not reach http:\/\/127\.0\.0\.1:9/);
  });
});

describe("run errors", () => {
  const errorOf = async (error: unknown) => (await decode(fullRow({ status: "COMPLETED_WITH_ERRORS", error }))).error;

  it("exposes a built-in error's name, message, stack and causes", async () => {
    expect(await errorOf({ type: "BUILT_IN_ERROR", name: "TypeError", message: "x is undefined", stackTrace: "at run()" })).toStrictEqual({
      name: "TypeError",
      message: "x is undefined",
      stackTrace: "at run()",
    });
    const causes = [{ name: "Error", message: "socket hang up" }];
    expect(await errorOf({ type: "BUILT_IN_ERROR", name: "Error", message: "fetch failed", stackTrace: "", causes })).toStrictEqual({
      name: "Error",
      message: "fetch failed",
      stackTrace: "",
      causes,
    });
  });

  it("exposes string and custom errors as their raw text", async () => {
    expect(await errorOf({ type: "STRING_ERROR", raw: "boom" })).toStrictEqual({ message: "boom" });
    expect(await errorOf({ type: "CUSTOM_ERROR", raw: '{"reason":"x"}' })).toStrictEqual({ message: '{"reason":"x"}' });
  });

  it("exposes internal errors by code only", async () => {
    expect(await errorOf({ type: "INTERNAL_ERROR", code: "MAX_DURATION_EXCEEDED", message: "details", stackTrace: "s" })).toStrictEqual({
      message: "trigger.dev internal error (MAX_DURATION_EXCEEDED)",
    });
    expect(await errorOf({ type: "INTERNAL_ERROR", code: "A_CODE_ADDED_LATER" })).toStrictEqual({
      message: "trigger.dev internal error (A_CODE_ADDED_LATER)",
    });
  });

  it.each([
    [{ type: "BUILT_IN_ERROR", name: "UnexpectedExitError", message: "Unexpected exit with code -1", stackTrace: "signal SIGKILL" }, "TASK_PROCESS_MAYBE_OOM_KILLED"],
    [{ type: "BUILT_IN_ERROR", name: "UnexpectedExitError", message: "Unexpected exit with code -1", stackTrace: "got SIGTERM" }, "TASK_PROCESS_SIGTERM"],
    [{ type: "BUILT_IN_ERROR", name: "UnexpectedExitError", message: "Unexpected exit with code -1", stackTrace: "SIGSEGV" }, "TASK_PROCESS_SIGSEGV"],
    [{ type: "BUILT_IN_ERROR", name: "UnexpectedExitError", message: "Unexpected exit with code -1", stackTrace: "" }, "TASK_PROCESS_EXITED_WITH_NON_ZERO_CODE"],
    [{ type: "BUILT_IN_ERROR", name: "Error", message: "ffmpeg was killed with signal SIGKILL", stackTrace: "" }, "TASK_PROCESS_OOM_KILLED"],
    [{ type: "BUILT_IN_ERROR", name: "OutOfMemoryError", message: "MANUAL_OOM_KILL_ERROR", stackTrace: "" }, "TASK_PROCESS_OOM_KILLED"],
    [{ type: "INTERNAL_ERROR", code: "TASK_PROCESS_EXITED_WITH_NON_ZERO_CODE", message: "exited after signal SIGABRT" }, "TASK_PROCESS_MAYBE_OOM_KILLED"],
    [{ type: "INTERNAL_ERROR", code: "TASK_PROCESS_EXITED_WITH_NON_ZERO_CODE", message: "exit code 1" }, "TASK_PROCESS_EXITED_WITH_NON_ZERO_CODE"],
  ])("recognises the crash %j as %s", async (error, code) => {
    expect(await errorOf(error)).toStrictEqual({ message: `trigger.dev internal error (${code})` });
  });

  it("looks for a crash signal only near the start of the message", async () => {
    const stackTrace = `${"x".repeat(100)} SIGKILL`;
    expect(await errorOf({ type: "BUILT_IN_ERROR", name: "UnexpectedExitError", message: "Unexpected exit with code -1", stackTrace })).toStrictEqual({
      message: "trigger.dev internal error (TASK_PROCESS_EXITED_WITH_NON_ZERO_CODE)",
    });
  });

  it("renames a concurrency deadlock and drops its stack", async () => {
    expect(await errorOf({ type: "BUILT_IN_ERROR", name: "TriggerApiError", message: "Deadlock detected: a → b", stackTrace: "at x" })).toStrictEqual({
      name: "Concurrency Deadlock Error",
      message: "Deadlock detected: a → b",
      stackTrace: "",
    });
  });
});

describe("malformed rows", () => {
  it.each([
    [/^Run cm_internal could not be decoded: "friendlyId" is missing$/, minimalRow({ friendlyId: undefined, id: "cm_internal" })],
    [/^Run run_1 could not be decoded: "status" should be a string but is the number 3$/, minimalRow({ status: 3 })],
    [/^Run run_1 could not be decoded: "updatedAt" is missing$/, minimalRow({ updatedAt: undefined })],
    [/^Run run_1 could not be decoded: "createdAt" should be a timestamp but is null$/, minimalRow({ createdAt: null })],
    [/^Run run_1 could not be decoded: "createdAt" should be a timestamp but is the string "yesterday"$/, minimalRow({ createdAt: "yesterday" })],
    [/"completedAt" should be a timestamp/, minimalRow({ completedAt: "2025-13-45T99:00:00" })],
    [/^Run run_1 could not be decoded: "costInCents" should be a number but is the string "0.5"$/, minimalRow({ costInCents: "0.5" })],
    [/"usageDurationMs" should be a number but is null/, minimalRow({ usageDurationMs: null })],
    [/"number" should be a number but is the bigint 12/, minimalRow({ number: 12n })],
    [/"isTest" should be a boolean but is the string "t"/, minimalRow({ isTest: "t" })],
    [/"runTags" should be an array of strings but is the string "\{a,b\}"/, minimalRow({ runTags: "{a,b}" })],
    [/"runTags\.1" should be a string but is the number 2/, minimalRow({ runTags: ["a", 2] })],
    [/"realtimeStreams\.0" should be a string but is null/, minimalRow({ realtimeStreams: [null] })],
    [/^Run run_1 could not be decoded: "error\.type" should be a task run error type but is the string "WEIRD_ERROR"$/, minimalRow({ error: { type: "WEIRD_ERROR", raw: "x" } })],
    [/"error\.type" is missing/, minimalRow({ error: { raw: "x" } })],
    [/"error\.stackTrace" is missing/, minimalRow({ error: { type: "BUILT_IN_ERROR", name: "Error", message: "m" } })],
    [/"error\.raw" should be a string but is the number 5/, minimalRow({ error: { type: "STRING_ERROR", raw: 5 } })],
    [/"error\.message" should be a string but is the number 1/, minimalRow({ error: { type: "INTERNAL_ERROR", code: "X", message: 1 } })],
    [/"error\.causes\.0\.message" is missing/, minimalRow({ error: { type: "BUILT_IN_ERROR", name: "E", message: "m", stackTrace: "", causes: [{ name: "E" }] } })],
    [/"error" should be a task run error object but is the string "boom"/, minimalRow({ error: "boom" })],
    [/"payload" should be a string but is an object/, minimalRow({ payload: { already: "parsed" }, payloadType: "application/json" })],
    [/^Run cm1internal could not be decoded: "friendlyId" should be a string but is the number 1$/, minimalRow({ friendlyId: 1, status: 2 })],
    [/^Run \(no id\) could not be decoded: the row is null, not an object$/, null],
    [/the row is the string "row", not an object/, "row"],
    [/the row is an array, not an object/, [minimalRow()]],
  ])("rejects with invalid_data: %s", async (message, row) => {
    const error = await decodeError(row);
    expect(error.message).toMatch(message);
  });

  it("accepts every error type and ignores columns it does not know", async () => {
    const run = await decode(minimalRow({ somethingNew: { x: 1 }, error: { type: "INTERNAL_ERROR", code: "X", extra: true } }));
    expect(run).not.toHaveProperty("somethingNew");
    expect(run.error).toStrictEqual({ message: "trigger.dev internal error (X)" });
  });

  it("never throws synchronously, whatever it is given", async () => {
    const decodeRun = createRunDecoder(client);
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = decodeRun(undefined as never);
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(RealtimeError);
  });
});
