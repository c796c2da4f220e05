import { ShapeStream as CurrentShapeStream } from "@electric-sql/client";
import { ShapeStream as PinnedShapeStream } from "@electric-sql/client-1.0.14";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../src/index.js";

let server: DevServer;
let token: string;

beforeAll(async () => {
  server = await startDevServer({ port: 0 });
  token = await server.createPublicToken({ scopes: ["read:all"] });
});
afterAll(() => server.close());

type Row = Record<string, unknown>;
interface ShapeStreamLike {
  subscribe(callback: (messages: Array<{ headers: Record<string, unknown>; value?: Row }>) => void, onError?: (error: Error) => void): () => void;
}

/** Follows a run shape and resolves with the first up-to-date row that satisfies `predicate`. */
function rowWhen(stream: ShapeStreamLike, predicate: (row: Row) => boolean): Promise<Row> {
  return new Promise((resolve, reject) => {
    let latest: Row | undefined;
    const timer = setTimeout(() => reject(new Error(`timed out; last row ${JSON.stringify(latest)}`)), 10_000);
    stream.subscribe(
      (messages) => {
        for (const message of messages) {
          if (message.value) latest = { ...latest, ...message.value };
          if (message.headers.control === "up-to-date" && latest && predicate(latest)) {
            clearTimeout(timer);
            resolve(latest);
          }
        }
      },
      (error) => reject(error),
    );
  });
}

describe.each([
  ["@electric-sql/client 1.0.14 (pinned by the SDK)", PinnedShapeStream as unknown as new (options: object) => ShapeStreamLike],
  ["@electric-sql/client 1.5.28 (current)", CurrentShapeStream as unknown as new (options: object) => ShapeStreamLike],
])("%s", (_name, ShapeStream) => {
  it("syncs a run, follows live changes and recovers from a 409 rotation", async () => {
    const run = server.createRun({ tags: ["electric"] });
    const controller = new AbortController();
    const stream = new ShapeStream({
      url: `${server.url}/realtime/v1/runs/${run.id}`,
      headers: { authorization: `Bearer ${token}`, "x-trigger-electric-version": "1.0.0-beta.1" },
      signal: controller.signal,
    });
    try {
      const initial = await rowWhen(stream, (row) => row.friendlyId === run.id);
      expect(initial.status).toBe("PENDING");
      expect(initial.runTags).toEqual(["electric"]);
      expect(initial.isTest).toBe(false);
      run.start();
      expect((await rowWhen(stream, (row) => row.status === "EXECUTING")).startedAt).toMatch(/T/);
      server.rotateShapes();
      run.setMetadata({ after: "rotation" });
      const rotated = await rowWhen(stream, (row) => typeof row.metadata === "string" && row.metadata.includes("rotation"));
      expect(rotated.friendlyId).toBe(run.id);
    } finally {
      controller.abort();
    }
  });
});
