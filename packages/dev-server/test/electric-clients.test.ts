import { ShapeStream as CurrentShapeStream } from "@electric-sql/client";
import { ShapeStream as PinnedShapeStream } from "@electric-sql/client-1.0.14";
import { describe, expect, it } from "vitest";
import { useDevServer } from "@trigger-realtime/test-support";

type Row = Record<string, unknown>;
type Message = { key?: string; headers: Record<string, unknown>; value?: Row };
interface ShapeStreamLike {
  subscribe(callback: (messages: Message[]) => void, onError?: (error: Error) => void): () => void;
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

describe.each(["electric", "native"] as const)("%s backend", (backend) => {
  const dev = useDevServer({ server: { realtimeBackend: backend } });
  /** The client's shape stream of `path` on the dev server, as the SDK opens it. */
  const follow = (path: string, signal: AbortSignal, ShapeStream: new (options: object) => ShapeStreamLike) =>
    new ShapeStream({ url: `${dev.server.url}${path}`, headers: { authorization: `Bearer ${dev.readToken}`, "x-trigger-electric-version": "1.0.0-beta.1" }, signal });

  describe.each([
    ["@electric-sql/client 1.0.14 (pinned by the SDK)", PinnedShapeStream as unknown as new (options: object) => ShapeStreamLike],
    ["@electric-sql/client 1.5.28 (current)", CurrentShapeStream as unknown as new (options: object) => ShapeStreamLike],
  ])("%s", (_name, ShapeStream) => {
    it("syncs a run, follows live changes and recovers from a 409 rotation", async () => {
      const run = dev.server.createRun({ tags: ["electric"] });
      const controller = new AbortController();
      const stream = follow(`/realtime/v1/runs/${run.id}`, controller.signal, ShapeStream);
      try {
        const initial = await rowWhen(stream, (row) => row.friendlyId === run.id);
        expect(initial.status).toBe("PENDING");
        expect(initial.runTags).toEqual(["electric"]);
        expect(initial.isTest).toBe(false);
        run.start();
        expect((await rowWhen(stream, (row) => row.status === "EXECUTING")).startedAt).toMatch(backend === "electric" ? /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/ : /T/);
        dev.server.rotateShapes();
        run.setMetadata({ after: "rotation" });
        const rotated = await rowWhen(stream, (row) => typeof row.metadata === "string" && row.metadata.includes("rotation"));
        expect(rotated.friendlyId).toBe(run.id);
      } finally {
        controller.abort();
      }
    });

    it("follows a tag feed: inserts for new runs, a delete for a run that loses the tag (Electric; native keeps it)", async () => {
      const tag = `electric_${Math.random().toString(36).slice(2)}`;
      const first = dev.server.createRun({ tags: [tag] });
      const controller = new AbortController();
      const operations: string[] = [];
      const rows = new Map<string, Row>();
      const stream = follow(`/realtime/v1/runs?tags=${tag}`, controller.signal, ShapeStream);
      const upToDate = () =>
        new Promise<void>((resolve, reject) => {
          const unsubscribe = stream.subscribe(
            (messages) => {
              if (messages.some((message) => message.headers.control === "up-to-date")) {
                unsubscribe();
                resolve();
              }
            },
            reject,
          );
        });
      stream.subscribe((messages) => {
        for (const message of messages) {
          if (typeof message.headers.operation !== "string" || !message.key) continue;
          // Electric's updates and deletes carry the primary key, not the friendly id.
          operations.push(`${message.headers.operation}:${(rows.get(message.key) ?? message.value)?.friendlyId}`);
          if (message.headers.operation === "delete") rows.delete(message.key);
          else rows.set(message.key, { ...rows.get(message.key), ...message.value });
        }
      });
      try {
        await upToDate();
        expect(operations).toEqual([`insert:${first.id}`]);
        const second = dev.server.createRun({ tags: [tag] });
        await upToDate();
        if (backend === "electric") {
          first.setTags(["elsewhere"]);
          await upToDate();
          expect(operations).toEqual([`insert:${first.id}`, `insert:${second.id}`, `delete:${first.id}`]);
          expect([...rows.values()].map((row) => row.friendlyId)).toEqual([second.id]);
        } else {
          // A run that leaves a native list feed is never deleted (and nothing is sent for it).
          first.setMetadata({ still: "listed" });
          await upToDate();
          expect(operations).toEqual([`insert:${first.id}`, `insert:${second.id}`, `update:${first.id}`]);
        }
      } finally {
        controller.abort();
      }
    });

    it("holds live requests instead of polling while nothing changes", async () => {
      const run = dev.server.createRun({});
      const controller = new AbortController();
      const stream = follow(`/realtime/v1/runs/${run.id}`, controller.signal, ShapeStream);
      try {
        await rowWhen(stream, (row) => row.friendlyId === run.id);
        const before = dev.server.stats().requests.shape ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 600));
        // At most the long-poll itself (and a prefetch some versions make), not a request loop.
        expect((dev.server.stats().requests.shape ?? 0) - before).toBeLessThanOrEqual(2);
        expect(dev.server.stats().openShapeRequests).toBeGreaterThanOrEqual(1);
      } finally {
        controller.abort();
      }
    });
  });
});
