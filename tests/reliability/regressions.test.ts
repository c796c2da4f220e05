import { runStore, type RunState } from "@trigger-realtime/core";
import { describe, expect, it } from "vitest";
import { useLab } from "./support/dev.js";
import { seedFor } from "./support/random.js";
import { waitForState } from "./support/wait.js";

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
    await waitForState(store, (state) => state.status === "live");
    await new Promise((resolve) => setTimeout(resolve, 100));
    run.setMetadata({ step: 1 });
    const state = await waitForState(store, (s) => s.run?.metadata?.step === 1 && s.status === "live", 20_000);
    expect(state.error).toBeUndefined();
    expect(lab.proxy.faults.cut).toBe(1);
    expect(statuses).not.toContain("error");
    unlisten();
  });
});
