import { RealtimeError, runsWithTagStore, runStore, streamStore, type RunState, type StreamState } from "@trigger-realtime/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFor, waitForState } from "@trigger-realtime/test-support";
import { useLab } from "./support/dev.js";
import { reportFigures } from "./support/figures.js";

// The server (or something in front of it) sends broken, mistyped, huge or unknown data.
// The subscription that reads it shows an error in its state; nothing throws into the
// process; every other subscription carries on.

const lab = useLab({ seed: seedFor("hostile-data") });

const crashes: unknown[] = [];
const onCrash = (error: unknown) => void crashes.push(error);
const cases: Array<[string, string]> = [];
let canariesChecked = 0;
let canariesLive = 0;

beforeAll(() => {
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
});

afterAll(() => {
  process.off("uncaughtException", onCrash);
  process.off("unhandledRejection", onCrash);
  reportFigures("hostile server data", [
    ["cases", cases.length],
    ["errors shown in state", cases.filter(([, outcome]) => outcome.startsWith("error")).length],
    ["read as the protocol defines", cases.filter(([, outcome]) => !outcome.startsWith("error")).length],
    ["uncaught exceptions / rejections", crashes.length],
    ["other subscriptions still live afterwards", `${canariesLive}/${canariesChecked}`],
  ]);
});

/** A run every case checks afterwards: it must still follow updates through the same client. */
async function expectCanaryAlive(token: string, canaryId: string, value: number) {
  canariesChecked++;
  lab.server.run(canaryId).setMetadata({ canary: value });
  const state = await waitForState(runStore(lab.client(token), canaryId), (s) => s.run?.metadata?.canary === value, 10_000, "the canary to update");
  expect(state.status).toBe("live");
  expect(state.error).toBeUndefined();
  canariesLive++;
}

describe("broken run rows (from the dev server)", () => {
  const rows: Array<{ name: string; columns: Record<string, string | null>; expect: "error" | ((state: RunState) => void); code?: string }> = [
    { name: "error column not JSON", columns: { error: "{not json" }, expect: "error" },
    { name: "error column of an unknown shape", columns: { error: JSON.stringify({ type: "ALIEN", x: 1 }) }, expect: "error" },
    { name: "number that is not a number", columns: { number: "forty-two" }, expect: "error" },
    { name: "createdAt that is not a date", columns: { createdAt: "yesterday-ish" }, expect: "error" },
    { name: "updatedAt null", columns: { updatedAt: null }, expect: "error" },
    { name: "friendlyId null", columns: { friendlyId: null }, expect: "error" },
    { name: "metadata not JSON", columns: { metadata: "{\"progress\":", metadataType: "application/json" }, expect: "error" },
    { name: "payload not superjson", columns: { payload: "][", payloadType: "application/super+json" }, expect: "error" },
    { name: "offloaded output that does not exist", columns: { output: "nowhere/output", outputType: "application/store" }, expect: "error", code: "not_found" },
    { name: "runTags not an array literal", columns: { runTags: "just text" }, expect: "error" },
    {
      name: "unknown status",
      columns: { status: "EXPLODED_IN_SPACE" },
      // The SDK reads any status it does not know as QUEUED; so do we.
      expect: (state) => {
        expect(state.error).toBeUndefined();
        expect(state.run?.status).toBe("QUEUED");
      },
    },
    {
      name: "8 MB of metadata",
      columns: { metadata: JSON.stringify({ blob: "x".repeat(8 * 1024 * 1024) }), metadataType: "application/json" },
      expect: (state) => {
        expect(state.error).toBeUndefined();
        expect((state.run?.metadata?.blob as string).length).toBe(8 * 1024 * 1024);
      },
    },
    {
      name: "unknown payload type",
      columns: { payload: "\u0000\u0001binary?", payloadType: "application/x-unknown" },
      expect: (state) => {
        expect(state.error).toBeUndefined();
        expect(state.run?.payload).toBe("\u0000\u0001binary?");
      },
    },
  ];

  for (const row of rows) {
    it(`${row.name}: ${row.expect === "error" ? "an error in state" : "read as the SDK reads it"}; others carry on`, async () => {
      const token = await lab.token(["read:all"]);
      const tag = `hostile-${Math.random().toString(36).slice(2)}`;
      const victim = lab.server.createRun({ taskIdentifier: "victim", payload: { a: 1 }, tags: [tag] });
      const sibling = lab.server.createRun({ taskIdentifier: "sibling", tags: [tag] });
      const canary = lab.server.createRun({ taskIdentifier: "canary" });
      const client = lab.client(token);
      const store = runStore(client, victim.id);
      const list = runsWithTagStore(client, tag);
      const listening = [store.listen(() => {}), list.listen(() => {})];
      await waitForState(store, (s) => s.status === "live", 20_000);
      await waitForState(list, (s) => s.runs.length === 2, 20_000);

      lab.server.corruptRun(victim.id, row.columns);
      if (row.expect === "error") {
        const state = await waitForState(store, (s) => s.error !== undefined, 15_000, "an error");
        expect(state.error).toBeInstanceOf(RealtimeError);
        expect((state.error as RealtimeError).code).toBe(row.code ?? "invalid_data");
        expect(state.error!.message).toMatch(/run/i);
        cases.push([row.name, `error (${(state.error as RealtimeError).code}, ${state.status})`]);
      } else {
        const settled = await waitForState(store, (s) => s.error !== undefined || s.run?.updatedAt.getTime() === lab.server.getRun(victim.id)!.updatedAt, 15_000, "the corrupted row");
        row.expect(settled);
        cases.push([row.name, `read (${settled.run?.status})`]);
      }

      // The sibling in the same list keeps updating, and so does an unrelated run on the same client.
      sibling.setMetadata({ still: "here" });
      const listed = await waitForState(list, (s) => s.runs.find((run) => run.id === sibling.id)?.metadata?.still === "here", 10_000, "the sibling to update");
      expect(listed.status).toBe("live");
      await expectCanaryAlive(token, canary.id, cases.length);
      for (const unlisten of listening) unlisten();
    });
  }
});

describe("broken answers (rewritten by the proxy)", () => {
  const bodies: Array<{ name: string; answer: { status?: number; headers?: Record<string, string | null>; body?: string }; code: string; ends: boolean }> = [
    { name: "not JSON", answer: { body: "<html>gateway says hi</html>" }, code: "invalid_data", ends: true },
    { name: "truncated JSON", answer: { body: '[{"headers":{"control":"up-to' }, code: "invalid_data", ends: true },
    { name: "an object, not an array", answer: { body: '{"messages":[]}' }, code: "invalid_data", ends: true },
    { name: "8 MB of garbage", answer: { body: "[".repeat(8 * 1024 * 1024) }, code: "invalid_data", ends: true },
    { name: "no electric headers", answer: { headers: { "electric-handle": null, "electric-offset": null, "electric-schema": null, "electric-shape-id": null, "electric-chunk-last-offset": null } }, code: "invalid_data", ends: true },
    { name: "a schema that is not JSON", answer: { headers: { "electric-schema": "{{{" } }, code: "invalid_data", ends: true },
    { name: "a 418 HTML page", answer: { status: 418, headers: { "content-type": "text/html" }, body: "<h1>I'm a teapot</h1>" }, code: "bad_request", ends: true },
    { name: "a 403 HTML page labelled JSON", answer: { status: 403, body: "<h1>Forbidden by the firewall</h1>" }, code: "forbidden", ends: true },
    // Row-level problems: the row is reported, the feed goes on.
    {
      name: "values of the wrong type",
      answer: { body: JSON.stringify([{ key: "k", value: { id: 42, friendlyId: ["x"], status: { a: 1 } }, headers: { operation: "insert" } }, { headers: { control: "up-to-date" } }]) },
      code: "invalid_data",
      ends: false,
    },
  ];

  for (const { name, answer, code, ends } of bodies) {
    it(`${name}: an error in state${ends ? "" : " (the feed goes on)"}; others carry on`, async () => {
      const token = await lab.token(["read:all"]);
      const victim = lab.server.createRun({ taskIdentifier: "victim" });
      const canary = lab.server.createRun({ taskIdentifier: "canary" });
      lab.proxy.setRewrite(({ url, kind }) => (kind === "shape" && url.pathname.endsWith(victim.id) ? answer : undefined));
      try {
        const store = runStore(lab.client(token), victim.id);
        const state = await waitForState(store, (s) => s.error !== undefined && (s.status === "error" || !ends), 20_000, "an error");
        expect(state.error).toBeInstanceOf(RealtimeError);
        expect((state.error as RealtimeError).code).toBe(code);
        expect(state.status).toBe(ends ? "error" : "live");
        // An error that ends the feed ends its requests too.
        const requests = lab.proxy.count((request) => request.path.endsWith(victim.id));
        await new Promise((resolve) => setTimeout(resolve, 500));
        if (ends) expect(lab.proxy.count((request) => request.path.endsWith(victim.id))).toBe(requests);
        cases.push([`answer: ${name}`, `error (${code}, ${state.status})`]);
      } finally {
        lab.proxy.setRewrite(undefined);
      }
      await expectCanaryAlive(token, canary.id, cases.length);
    });
  }

  it("stream events that are not JSON, have no id, or are huge: read as the protocol says, others carry on", async () => {
    const token = await lab.token(["read:all"]);
    const victim = lab.server.createRun({ taskIdentifier: "victim" });
    victim.start();
    victim.appendStream("text", "original");
    victim.complete();
    const huge = "y".repeat(4 * 1024 * 1024);
    lab.proxy.setRewrite(({ url, kind }) =>
      kind === "stream" && url.pathname.includes(victim.id)
        ? {
            body: [
              "id: 1-0\ndata: not json at all\n\n",
              "data: an event without an id\n\n",
              `id: 1-1\ndata: ${JSON.stringify(huge)}\n\n`,
              "id: 1-2\ndata: {\"ok\":true}\n\n",
              ": a comment\n\n",
              "garbage line without a field\n\n",
              "id: 1-3\ndata: \u0000\u0001\n\n",
            ].join(""),
          }
        : undefined,
    );
    try {
      // The server ends the read after a quiet second; the proxy then hands on its rewritten body.
      const store = streamStore(lab.client(token), victim.id, "text", { timeoutInSeconds: 1 });
      const state: StreamState = await waitForState(store, (s) => s.status === "complete" || s.status === "error", 20_000);
      expect(state.status).toBe("complete");
      expect(state.parts).toEqual(["not json at all", huge, { ok: true }, "\u0000\u0001"]);
      cases.push(["stream: not JSON, no id, 4 MB event, garbage", "read (4 parts)"]);
    } finally {
      lab.proxy.setRewrite(undefined);
    }
    await expectCanaryAlive(token, lab.server.createRun({ taskIdentifier: "canary" }).id, cases.length);
  });

  it("nothing was thrown into the process", () => {
    expect(crashes).toEqual([]);
  });
});
