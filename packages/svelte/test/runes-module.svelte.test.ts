import { flushSync } from "svelte";
import { describe, expect, it } from "vitest";
import { RunModel } from "./fixtures/RunModel.svelte.js";
import { useDevServer } from "./helpers.js";

const dev = useDevServer();

describe("runes helpers in a .svelte.ts module", () => {
  it("follow $state in a class, inside an effect root", async () => {
    const first = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "one" } });
    const second = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "two" } });
    const model = new RunModel({ accessToken: dev.readToken, baseURL: dev.baseURL });
    const labels: string[] = [];
    const dispose = $effect.root(() => {
      $effect(() => {
        labels.push(model.label);
      });
    });
    try {
      model.runId = first.id;
      flushSync();
      await expect.poll(() => labels.at(-1), { timeout: 5_000 }).toBe("one");
      model.runId = second.id;
      flushSync();
      // The switch shows no label from the first run before the second one's.
      await expect.poll(() => labels.at(-1), { timeout: 5_000 }).toBe("two");
      expect(labels.slice(labels.indexOf("one") + 1, labels.indexOf("two"))).not.toContain("one");
      expect(labels[labels.lastIndexOf("one") + 1]).toBe("");
    } finally {
      dispose();
    }
    await expect.poll(() => dev.server.stats().openShapeRequests, { timeout: 5_000 }).toBe(0);
  });
});
