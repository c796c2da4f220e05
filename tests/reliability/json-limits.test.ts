import { defineTask, demoTasks } from "@trigger-realtime/dev-server";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seedFor, useDevServer } from "@trigger-realtime/test-support";
import { reportFigures } from "./support/figures.js";

// Request bodies of every depth and size on every route that reads JSON: within the limits
// they are taken and the run they make reads back; beyond them the answer is a 4xx JSON error
// at the door (never a 5xx, never a run that cannot be read back), and the server still serves.

const seed = seedFor("json-limits");
const DEPTH_LIMIT = 128;
const echo = defineTask({ id: "echo", run: (payload: unknown) => payload });
const dev = useDevServer({ server: { tasks: [...demoTasks, echo] } });

/** JSON text nesting `depth` arrays/objects around a string of `padding` characters. */
function nestedText(depth: number, padding: number, objects: boolean): string {
  const core = JSON.stringify("p".repeat(padding));
  return objects ? '{"a":'.repeat(depth) + core + "}".repeat(depth) : "[".repeat(depth) + core + "]".repeat(depth);
}

interface Case {
  route: "trigger" | "trigger-string" | "metadata" | "batch-v2" | "batch-v3" | "waitpoint";
  depth: number;
  padding: number;
  objects: boolean;
}

/** The request for a case, the byte limit of its route, and how many levels the route's wrapper adds. */
async function build({ route, depth, padding, objects }: Case): Promise<{ method: string; path: string; body: string; contentType: string; limit: number; wrapper: number }> {
  const value = nestedText(depth, padding, objects);
  const key = dev.server.secretKey;
  switch (route) {
    case "trigger":
      return { method: "POST", path: "/api/v1/tasks/echo/trigger", body: `{"payload":{"x":${value}}}`, contentType: "application/json", limit: 3 * 1024 * 1024, wrapper: 2 };
    case "trigger-string":
      return {
        method: "POST",
        path: "/api/v1/tasks/echo/trigger",
        body: JSON.stringify({ payload: value, options: { payloadType: "application/json" } }),
        contentType: "application/json",
        limit: 3 * 1024 * 1024,
        wrapper: 0,
      };
    case "metadata": {
      const run = dev.server.createRun({ taskIdentifier: "echo" });
      return { method: "PUT", path: `/api/v1/runs/${run.id}/metadata`, body: `{"metadata":{"v":${value}}}`, contentType: "application/json", limit: 256 * 1024, wrapper: 2 };
    }
    case "batch-v2":
      return { method: "POST", path: "/api/v2/tasks/batch", body: `{"items":[{"task":"echo","payload":{"x":${value}}}]}`, contentType: "application/json", limit: 1_000_000, wrapper: 4 };
    case "batch-v3": {
      const created = await fetch(`${dev.server.url}/api/v3/batches`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: '{"runCount":1}' });
      const { id } = (await created.json()) as { id: string };
      return { method: "POST", path: `/api/v3/batches/${id}/items`, body: `{"index":0,"task":"echo","payload":{"x":${value}}}\n`, contentType: "application/x-ndjson", limit: 64 * 1024 * 1024, wrapper: 2 };
    }
    case "waitpoint": {
      const created = await fetch(`${dev.server.url}/api/v1/waitpoints/tokens`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: "{}" });
      const { id } = (await created.json()) as { id: string };
      return { method: "POST", path: `/api/v1/waitpoints/tokens/${id}/complete`, body: `{"data":${value}}`, contentType: "application/json", limit: 3 * 1024 * 1024, wrapper: 1 };
    }
  }
}

const depths = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: DEPTH_LIMIT - 4 }) },
  { weight: 2, arbitrary: fc.integer({ min: DEPTH_LIMIT - 4, max: DEPTH_LIMIT + 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: DEPTH_LIMIT + 4, max: 20_000 }) },
);
const paddings = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 2_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(250_000, 270_000, 990_000, 1_010_000, 3_100_000) },
);
const cases = fc.record({
  route: fc.constantFrom<Case["route"]>("trigger", "trigger-string", "metadata", "batch-v2", "batch-v3", "waitpoint"),
  depth: depths,
  padding: paddings,
  objects: fc.boolean(),
});

describe("request bodies by depth and size", () => {
  it("are taken within the limits and refused with a 4xx beyond them, and what is taken reads back", async () => {
    const tally = { cases: 0, accepted: 0, tooDeep: 0, tooLarge: 0, other4xx: 0, serverErrors: 0 };
    await fc.assert(
      fc.asyncProperty(cases, async (testCase) => {
        tally.cases++;
        const request = await build(testCase);
        const response = await fetch(`${dev.server.url}${request.path}`, {
          method: request.method,
          headers: { authorization: `Bearer ${dev.server.secretKey}`, "content-type": request.contentType },
          body: request.body,
        });
        const text = await response.text();
        const context = `${testCase.route} depth ${testCase.depth} padding ${testCase.padding} → ${response.status} ${text.slice(0, 200)}`;
        if (response.status >= 500) tally.serverErrors++;
        expect(response.status, context).toBeLessThan(500);
        const bytes = Buffer.byteLength(request.body);
        const depth = testCase.depth + request.wrapper;
        if (response.status >= 400) {
          expect(typeof JSON.parse(text).error, context).toBe("string");
          if (response.status === 413) tally.tooLarge++;
          else if (/deeper than/.test(text)) tally.tooDeep++;
          else tally.other4xx++;
        } else tally.accepted++;
        // Beyond the limits: refused (beyond both: for either). Well within them: taken.
        if (bytes > request.limit && depth > DEPTH_LIMIT) expect([400, 413], context).toContain(response.status);
        else if (bytes > request.limit) expect(response.status, context).toBe(413);
        else if (depth > DEPTH_LIMIT) expect(response.status, context).toBe(400);
        else if (depth <= DEPTH_LIMIT - 2 && bytes < request.limit - 1024) expect(response.status, context).toBeLessThan(300);
        // A run that was made reads back, in full and as a feed.
        if (response.ok && testCase.route.startsWith("trigger")) {
          const { id } = JSON.parse(text) as { id: string };
          const retrieved = await fetch(`${dev.server.url}/api/v3/runs/${id}`, { headers: { authorization: `Bearer ${dev.server.secretKey}` } });
          expect(retrieved.status, context).toBe(200);
          const feed = await fetch(`${dev.server.url}/realtime/v1/runs/${id}?offset=-1`, { headers: { authorization: `Bearer ${dev.readToken}` } });
          expect(feed.status, context).toBe(200);
        }
      }),
      { seed, numRuns: 120 },
    );
    // The server still serves a legitimate subscription.
    const handle = await dev.server.trigger("echo", { fine: true });
    const feed = await fetch(`${dev.server.url}/realtime/v1/runs/${handle.id}?offset=-1`, { headers: { authorization: `Bearer ${handle.publicAccessToken}` } });
    expect(feed.status).toBe(200);
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.tooDeep).toBeGreaterThan(0);
    reportFigures("request bodies by depth and size (fast-check)", [
      ["cases", tally.cases],
      ["accepted", tally.accepted],
      ["refused: too deep (400)", tally.tooDeep],
      ["refused: too large (413)", tally.tooLarge],
      ["refused: other 4xx", tally.other4xx],
      ["5xx", tally.serverErrors],
    ]);
  });
});
