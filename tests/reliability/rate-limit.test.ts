import { RealtimeError, runStore, type RunState } from "@trigger-realtime/core";
import { afterAll, describe, expect, it } from "vitest";
import { eventually, expectNoOpenConnections, seedFor, sleep, waitForState } from "@trigger-realtime/test-support";
import { useLab } from "./support/dev.js";
import { reportFigures } from "./support/figures.js";

// Trigger.dev caps concurrent live connections per environment (Free: 10) and answers 429 over
// it. The official client retries those silently forever; ours shows why it waits, backs off
// (no storm), and goes live as soon as there is room.

const lab = useLab({ seed: seedFor("rate-limit") });
const SUBSCRIPTIONS = 10;
const LIMIT = 2;
const WINDOW_MS = 4_000;
const figures: Array<[string, string | number]> = [];

afterAll(() => reportFigures("connection cap (429)", figures));

describe("over the connection cap", () => {
  it("subscriptions wait with a visible reason, back off, and all go live once there is room", async () => {
    const runs = Array.from({ length: SUBSCRIPTIONS }, (_, index) => lab.server.createRun({ taskIdentifier: "capped", payload: { index } }));
    const client = lab.client(await lab.token(["read:all"]));
    lab.server.setConnectionLimit(LIMIT);
    try {
      const stores = runs.map((run) => runStore(client, run.id));
      const unlisten = stores.map((store) => store.listen(() => {}));
      const started = lab.proxy.count();
      // Everyone gets the snapshot; only LIMIT may hold a live request.
      await Promise.all(stores.map((store) => waitForState(store, (state) => state.run !== undefined, 20_000)));
      // LIMIT of them hold a live request; the others are told why they wait.
      const isLimited = (state: RunState) => (state.error as RealtimeError | undefined)?.code === "rate_limited";
      await eventually(() => stores.filter((store) => isLimited(store.get())).length === SUBSCRIPTIONS - LIMIT, 10_000, "the subscriptions over the cap to say so");
      for (const state of stores.map((store) => store.get()).filter(isLimited)) {
        expect(state.status).toBe("connecting");
        expect(state.isLoading).toBe(false);
        expect(state.run).toBeDefined();
        expect(state.error!.message).toMatch(/concurrent/i);
      }
      expect(lab.server.stats().openShapeRequests).toBe(LIMIT);

      const windowStart = lab.proxy.count();
      await sleep(WINDOW_MS);
      const perSubscription = runs.map((run) => lab.proxy.log.slice(windowStart).filter((entry) => entry.path.endsWith(run.id)).length);
      const over = lab.proxy.log.slice(windowStart).filter((entry) => entry.status === 429).length;
      figures.push(
        ["subscriptions / connection cap", `${SUBSCRIPTIONS} / ${LIMIT}`],
        [`requests in ${WINDOW_MS / 1000} s while capped`, `${perSubscription.reduce((sum, count) => sum + count, 0)} (${over} answered 429), at most ${Math.max(...perSubscription)} per subscription`],
      );
      // Backoff (1 s doubling, jittered): a handful per subscription, never a storm.
      expect(Math.max(...perSubscription)).toBeLessThanOrEqual(8);
      expect(over).toBeGreaterThan(0);

      lab.server.setConnectionLimit(Number.POSITIVE_INFINITY);
      const liftedAt = Date.now();
      // Back within the backoff: the server holds every subscription's long-poll again.
      await eventually(() => lab.server.stats().openShapeRequests === SUBSCRIPTIONS, 40_000, "every long-poll to be held");
      const heldAfter = Date.now() - liftedAt;
      // A held long-poll reports back with the next change: then every state is live, error cleared.
      runs.forEach((run, index) => run.setMetadata({ after: "cap", index }));
      await Promise.all(stores.map((store) => waitForState(store, (state) => state.status === "live" && state.error === undefined && state.run?.metadata?.after === "cap", 10_000)));
      figures.push(["every long-poll held again after the cap was lifted", `${(heldAfter / 1000).toFixed(1)} s`], ["requests in all", lab.proxy.count() - started]);
      for (const stop of unlisten) stop();
      await expectNoOpenConnections(lab.server, 8_000);
    } finally {
      lab.server.setConnectionLimit(Number.POSITIVE_INFINITY);
    }
  });
});
