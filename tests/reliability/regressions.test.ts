import { RealtimeError, runsWithTagStore, runStore, type RunState } from "@trigger-realtime/core";
import { describe, expect, it, vi } from "vitest";
import { realtimeModes, seedFor, serverOptionsFor, waitForState } from "@trigger-realtime/test-support";
import { useLab } from "./support/dev.js";
import type { LoggedRequest } from "./support/fault-proxy.js";

// Bugs the reliability suite found, each pinned by the smallest case that showed it.

const lab = useLab({ seed: seedFor("regressions") });

describe("regressions", () => {
  it("a run feed whose answer is cut mid-body retries instead of failing for good", async () => {
    // Was: the cut body surfaced as `Request for run … failed with 200` and the subscription ended.
    const run = lab.server.createRun({ taskIdentifier: "cut" });
    // The first live answer for this run starts, then the connection dies inside the JSON.
    lab.proxy.inject((request) => request.kind === "shape" && request.query.includes("live=true") && request.path.endsWith(run.id), "cut");
    const store = runStore(lab.client(await lab.token([`read:runs:${run.id}`])), run.id);
    const statuses: string[] = [];
    const unlisten = store.listen((state: RunState) => void statuses.push(state.status));
    await waitForState(store, (state) => state.status === "live", 20_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    run.setMetadata({ step: 1 });
    const state = await waitForState(store, (s) => s.run?.metadata?.step === 1 && s.status === "live", 20_000);
    expect(state.error).toBeUndefined();
    expect(lab.proxy.faults.cut).toBe(1);
    expect(statuses).not.toContain("error");
    unlisten();
  });

  it("one run whose jsonb column does not parse does not end its whole tag feed", async () => {
    // Was: Electric's parser threw for the whole answer, and the feed of every run with the tag stopped.
    const tag = "one-bad-row";
    const bad = lab.server.createRun({ taskIdentifier: "bad", tags: [tag] });
    const good = lab.server.createRun({ taskIdentifier: "good", tags: [tag] });
    const store = runsWithTagStore(lab.client(await lab.token([`read:tags:${tag}`])), tag);
    const unlisten = store.listen(() => {});
    await waitForState(store, (s) => s.runs.length === 2, 20_000);
    lab.server.corruptRun(bad.id, { error: "{not json" });
    const reported = await waitForState(store, (s) => s.error !== undefined, 20_000);
    expect((reported.error as RealtimeError).code).toBe("invalid_data");
    expect(reported.error!.message).toContain(bad.id);
    good.setMetadata({ still: "following" });
    const state = await waitForState(store, (s) => s.runs.find((run) => run.id === good.id)?.metadata?.still === "following", 20_000);
    expect(state.status).toBe("live");
    unlisten();
  });

  it("an error answer whose body claims JSON but is HTML ends the feed with its status, instead of silent retries", async () => {
    // Was: Electric failed to read the JSON error body and retried forever; the state showed nothing.
    const run = lab.server.createRun({ taskIdentifier: "firewalled" });
    lab.proxy.setRewrite(({ url }) => (url.pathname.endsWith(run.id) ? { status: 403, headers: { "content-type": "application/json" }, body: "<h1>Blocked</h1>" } : undefined));
    try {
      const state = await waitForState(runStore(lab.client(await lab.token(["read:all"])), run.id), (s) => s.status === "error", 10_000);
      expect((state.error as RealtimeError).code).toBe("forbidden");
      expect(state.error!.message).toContain("Blocked");
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(lab.proxy.count((request) => request.path.endsWith(run.id))).toBe(1);
    } finally {
      lab.proxy.setRewrite(undefined);
    }
  });

  it("an answer of the wrong shape is reported as invalid data, not retried as a dropped connection", async () => {
    const run = lab.server.createRun({ taskIdentifier: "object-body" });
    lab.proxy.setRewrite(({ url }) => (url.pathname.endsWith(run.id) ? { body: '{"not":"an array"}' } : undefined));
    try {
      const state = await waitForState(runStore(lab.client(await lab.token(["read:all"])), run.id), (s) => s.status === "error", 10_000);
      expect((state.error as RealtimeError).code).toBe("invalid_data");
      expect(lab.proxy.count((request) => request.path.endsWith(run.id))).toBe(1);
    } finally {
      lab.proxy.setRewrite(undefined);
    }
  });
});

describe("regressions, native backend", () => {
  const nativeLab = useLab({ seed: seedFor("regressions-native") }, serverOptionsFor(realtimeModes("native × v2")[0]!));

  it("a list feed whose live answer is cut still gets that change, with no later change to carry it", async () => {
    // Was: the server counts a computed answer as sent to the connection (as Trigger.dev's
    // native backend does), so the live retry of a cut one waited for a next change that never
    // came, and the run's final state was lost.
    const tag = "cut-list";
    const run = nativeLab.server.createRun({ taskIdentifier: "cut-list", tags: [tag] });
    const store = runsWithTagStore(nativeLab.client(await nativeLab.token([`read:tags:${tag}`])), tag);
    const unlisten = store.listen(() => {});
    await waitForState(store, (s) => s.status === "live" && s.runs.length === 1, 20_000);

    // Native offsets start with the newest updatedAt sent: cut the first live answer asked for
    // from the first change on, once it is waiting for the next one.
    let floor = Number.POSITIVE_INFINITY;
    const liveFromFloor = (request: LoggedRequest) => request.path === "/realtime/v1/runs" && request.query.includes("live=true") && offsetMs(request.query) >= floor;
    nativeLab.proxy.inject(liveFromFloor, "cut");
    run.setMetadata({ step: 1 });
    floor = nativeLab.server.getRun(run.id)!.updatedAt;
    await vi.waitFor(() => expect(nativeLab.proxy.inFlight().some(liveFromFloor)).toBe(true), { timeout: 20_000, interval: 20 });
    run.complete({ done: true });

    const state = await waitForState(store, (s) => s.runs[0]?.status === "COMPLETED", 20_000, "the completed run after a cut answer");
    expect(state.runs[0]!.output).toEqual({ done: true });
    expect(nativeLab.proxy.faults.cut).toBe(1);
    unlisten();
  });
});

const offsetMs = (query: string) => Number(new URLSearchParams(query).get("offset")?.split("_")[0] ?? Number.NaN);
