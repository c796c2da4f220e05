import { describe, expect, it } from "vitest";
import { useDevServer } from "@trigger-realtime/test-support";
import { startDevServer } from "../src/index.js";
import { changes, SHAPE_HEADERS, shape, ShapeFollower } from "./support.js";

describe.each(["electric", "native"] as const)("%s backend", (backend) => {
  const electric = backend === "electric";
  const dev = useDevServer({ server: { realtimeBackend: backend } });
  const runUrl = (id: string) => `${dev.server.url}/realtime/v1/runs/${id}`;
  /** Postgres text (Electric) or ISO without a zone (native). */
  const TIMESTAMP = electric ? /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,3})?$/ : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/;
  const RUN_HANDLE = electric ? /^\d+-\d+$/ : /^run-[a-z0-9]+$/;

  describe("run shape snapshot", () => {
    it("carries the Electric headers, the schema and Trigger.dev's column encodings", async () => {
      const run = dev.server.createRun({ taskIdentifier: "manual", tags: ["a b", 'q"t', "back\\slash"], metadata: { progress: 1 }, payload: { at: new Date(0) } });
      const answer = await shape(`${runUrl(run.id)}?offset=-1`, dev.readToken);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toBe("application/json");
      expect(answer.headers.get("electric-handle")).toMatch(RUN_HANDLE);
      expect(answer.headers.get("electric-offset")).toMatch(electric ? /^\d+_inf$/ : new RegExp(`^${run.run.updatedAt}_\\d+$`));
      // Electric marks an answer that ends in up-to-date; the native backend never does.
      expect(answer.headers.has("electric-up-to-date")).toBe(electric);
      expect(answer.headers.has("electric-cursor")).toBe(false);
      expect(answer.headers.get("cache-control")).toBe(electric ? "public, max-age=604800, s-maxage=3600, stale-while-revalidate=2629746" : "no-store");
      const schema = JSON.parse(answer.headers.get("electric-schema")!);
      expect(Object.keys(schema)).toEqual([
        "id", "taskIdentifier", "createdAt", "updatedAt", "startedAt", "delayUntil", "queuedAt", "expiredAt", "completedAt",
        "friendlyId", "number", "isTest", "status", "usageDurationMs", "costInCents", "baseCostInCents", "ttl", "payload",
        "payloadType", "metadata", "metadataType", "output", "outputType", "runTags", "error", "realtimeStreams",
      ]);
      expect(schema).toMatchObject({ number: { type: "int4" }, isTest: { type: "bool" }, error: { type: "jsonb" }, runTags: { type: "text", dims: 1 }, createdAt: { type: "timestamp" } });

      expect(answer.body).toHaveLength(2);
      const [insert, upToDate] = answer.body;
      expect(upToDate).toEqual({ headers: electric ? { control: "up-to-date", global_last_seen_lsn: expect.stringMatching(/^\d+$/) } : { control: "up-to-date" } });
      expect(insert.headers).toEqual(electric ? { operation: "insert", relation: ["public", "TaskRun"] } : { operation: "insert" });
      expect(insert.key).toBe(`"public"."TaskRun"/"${run.run.id}"`);
      const value = insert.value;
      expect(value.friendlyId).toBe(run.id);
      expect(value.status).toBe("PENDING");
      expect(value.isTest).toBe("f");
      expect(value.number).toMatch(/^\d+$/);
      expect(value.createdAt).toMatch(TIMESTAMP);
      expect(value.startedAt).toBeNull();
      expect(value.runTags).toBe('{"a b","q\\"t","back\\\\slash"}');
      expect(value.realtimeStreams).toBe("{}");
      expect(value.metadataType).toBe("application/json");
      expect(JSON.parse(value.metadata)).toEqual({ progress: 1 });
      expect(value.payloadType).toBe("application/super+json");
      expect(JSON.parse(value.payload).meta).toBeDefined();
      expect(value.output).toBeNull();
      expect(value.error).toBeNull();
    });

    it("sends runTags as null when the run has no tags", async () => {
      const run = dev.server.createRun({});
      const answer = await shape(`${runUrl(run.id)}?offset=-1`, dev.readToken);
      expect(answer.body[0].value.runTags).toBeNull();
    });

    it("answers a non-live request with a known handle at once (tab-resume catch-up): native with the whole row again, Electric with the changes since the offset", async () => {
      const run = dev.server.createRun({});
      const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
      await follower.snapshot();
      run.setMetadata({ step: 2 });
      const catchUp = await shape(`${runUrl(run.id)}?offset=${follower.offset}&handle=${follower.handle}`, dev.readToken);
      expect(catchUp.status).toBe(200);
      expect(catchUp.headers.get("electric-schema")).toContain("friendlyId");
      expect(catchUp.headers.get("electric-handle")).toBe(follower.handle);
      expect(changes(catchUp.body).map((message) => message.headers.operation)).toEqual([electric ? "update" : "insert"]);
      expect(JSON.parse(catchUp.body[0].value.metadata)).toEqual({ step: 2 });
      if (electric) expect(Object.keys(catchUp.body[0].value).sort()).toEqual(["id", "metadata", "metadataType", "updatedAt"]);
    });
  });

  describe("run shape live", () => {
    it("answers as soon as the run changes, with a full row, a new offset and a cursor", async () => {
      const run = dev.server.createRun({ tags: ["live"] });
      const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
      await follower.snapshot();
      const before = follower.offset;
      const started = Date.now();
      const live = follower.next();
      setTimeout(() => run.setMetadata({ step: 1 }), 50);
      const answer = await live;
      expect(Date.now() - started).toBeLessThan(2000);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("electric-cursor")).toMatch(/^\d+$/);
      expect(answer.headers.has("electric-schema")).toBe(false);
      expect(follower.offset).not.toBe(before);
      expect(answer.headers.has("electric-up-to-date")).toBe(electric);
      const [update, upToDate] = answer.body;
      expect(update.headers.operation).toBe("update");
      if (electric) {
        // Electric's change headers, its live caching and validators.
        expect(update.headers).toEqual({ operation: "update", relation: ["public", "TaskRun"], lsn: expect.stringMatching(/^\d+$/), op_position: 0, txids: [expect.any(Number)], last: true });
        expect(follower.offset).toBe(`${update.headers.lsn}_0`);
        expect(answer.headers.get("electric-has-data")).toBe("true");
        expect(answer.headers.get("etag")).toMatch(/^".+"$/);
        expect(answer.headers.get("cache-control")).toBe("public, max-age=5, stale-while-revalidate=5");
      } else {
        expect(update.headers).toEqual({ operation: "update" });
        expect(follower.offset).toMatch(new RegExp(`^${dev.server.getRun(run.id)!.updatedAt}_\\d+$`));
        expect(answer.headers.get("cache-control")).toBe("no-store");
      }
      // Electric sends the primary key and the changed columns; the native backend the whole row.
      if (electric) expect(Object.keys(update.value).sort()).toEqual(["id", "metadata", "metadataType", "updatedAt"]);
      else expect(Object.keys(update.value)).toHaveLength(26);
      expect(JSON.parse(update.value.metadata)).toEqual({ step: 1 });
      if (!electric) expect(update.value.runTags).toBe('{"live"}');
      expect(upToDate.headers.control).toBe("up-to-date");
    });

    it("answers at once when the run changed between requests", async () => {
      const run = dev.server.createRun({});
      const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
      await follower.snapshot();
      run.start();
      const answer = await follower.next();
      expect(answer.body[0].value.status).toBe("EXECUTING");
      expect(answer.body[0].value.startedAt).toMatch(TIMESTAMP);
    });

    it("bumps updatedAt on every change, so every change reaches a follower", async () => {
      const run = dev.server.createRun({});
      const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
      await follower.snapshot();
      const seen: string[] = [];
      const steps = [() => run.start(), () => run.setMetadata({ a: 1 }), () => run.appendStream("s", "x"), () => run.setTags(["t"]), () => run.complete({ ok: true })];
      for (const step of steps) {
        step();
        const answer = await follower.next();
        seen.push(answer.body[0].value.updatedAt);
      }
      expect(new Set(seen).size).toBe(steps.length);
      expect([...seen].sort()).toEqual(seen);
    });

    it("ends a quiet long-poll with a bare up-to-date that echoes the offset", async () => {
      const server = await startDevServer({ port: 0, longPollTimeoutMs: 200, realtimeBackend: backend });
      try {
        const token = await server.createPublicToken({ scopes: ["read:all"] });
        const run = server.createRun({});
        const follower = new ShapeFollower(`${server.url}/realtime/v1/runs/${run.id}`, token);
        await follower.snapshot();
        const offset = follower.offset;
        const started = Date.now();
        const answer = await follower.next();
        expect(Date.now() - started).toBeGreaterThanOrEqual(150);
        expect(answer.body).toEqual([{ headers: electric ? { control: "up-to-date", global_last_seen_lsn: expect.any(String) } : { control: "up-to-date" } }]);
        expect(answer.headers.get("electric-offset")).toBe(offset);
        expect(answer.headers.get("electric-cursor")).toMatch(/^\d+$/);
      } finally {
        await server.close();
      }
    });

    it("gives increasing cursors", async () => {
      const run = dev.server.createRun({});
      const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
      await follower.snapshot();
      const cursors: number[] = [];
      let cursor: string | undefined;
      for (let step = 0; step < 3; step++) {
        run.setMetadata({ step });
        const answer = await shape(`${runUrl(run.id)}?offset=${follower.offset}&handle=${follower.handle}&live=true${cursor ? `&cursor=${cursor}` : ""}`, dev.readToken);
        follower.offset = answer.headers.get("electric-offset")!;
        cursor = answer.headers.get("electric-cursor")!;
        cursors.push(Number(cursor));
      }
      expect(cursors[1]).toBeGreaterThan(cursors[0]!);
      expect(cursors[2]).toBeGreaterThan(cursors[1]!);
    });
  });

  describe("run shape columns and versions", () => {
    it("leaves skipped columns out of rows and schema, but never the reserved ones", async () => {
      const run = dev.server.createRun({ payload: { a: 1 } });
      const answer = await shape(`${runUrl(run.id)}?offset=-1&skipColumns=payload, output ,status,id,friendlyId,bogus`, dev.readToken);
      const value = answer.body[0].value;
      expect(value).not.toHaveProperty("payload");
      expect(value).not.toHaveProperty("output");
      expect(value.status).toBe("PENDING");
      expect(value.id).toBeTruthy();
      expect(value.friendlyId).toBe(run.id);
      const schema = JSON.parse(answer.headers.get("electric-schema")!);
      expect(schema).not.toHaveProperty("payload");
      expect(schema).toHaveProperty("status");
    });

    it("lets a token's realtime.skipColumns claim win over the query", async () => {
      const run = dev.server.createRun({ payload: { secret: true } });
      const token = await dev.server.createPublicToken({ scopes: [`read:runs:${run.id}`], realtime: { skipColumns: ["payload"] } });
      const answer = await shape(`${runUrl(run.id)}?offset=-1&skipColumns=metadata`, token);
      expect(answer.body[0].value).not.toHaveProperty("payload");
      expect(answer.body[0].value).toHaveProperty("metadata");
    });

    it("never hands out columns a token's skipColumns claim hides, whatever handle it brings", async () => {
      const run = dev.server.createRun({ payload: { secret: true } });
      const full = new ShapeFollower(runUrl(run.id), dev.readToken);
      await full.snapshot();
      const token = await dev.server.createPublicToken({ scopes: [`read:runs:${run.id}`], realtime: { skipColumns: ["payload"] } });
      const answer = await shape(`${runUrl(run.id)}?offset=${full.offset}&handle=${full.handle}`, token);
      // Electric refuses a handle of another shape; native handles name the run only, and the
      // columns come from the request's own token.
      expect(answer.status).toBe(electric ? 400 : 200);
      expect(JSON.stringify(answer.body)).not.toContain("secret");
    });

    it("shows DEQUEUED only to clients sending the current API version", async () => {
      const run = dev.server.createRun({});
      run.dequeue();
      const current = await shape(`${runUrl(run.id)}?offset=-1`, dev.readToken);
      expect(current.body[0].value.status).toBe("DEQUEUED");
      const old = await shape(`${runUrl(run.id)}?offset=-1`, dev.readToken, { "x-trigger-electric-version": "1.0.0-beta.1" });
      expect(old.body[0].value.status).toBe("EXECUTING");
    });

    it("sends the pre-1.0 header names to clients without x-trigger-electric-version", async () => {
      const run = dev.server.createRun({});
      const answer = await shape(`${runUrl(run.id)}?offset=-1`, dev.readToken, {});
      expect(answer.headers.get("electric-shape-id")).toMatch(RUN_HANDLE);
      expect(answer.headers.get("electric-chunk-last-offset")).toMatch(/^\d+_(\d+|inf)$/);
      expect(answer.headers.has("electric-handle")).toBe(false);
    });

    it("ignores parameters newer Electric clients add", async () => {
      const run = dev.server.createRun({});
      const answer = await shape(`${runUrl(run.id)}?offset=-1&log=full&cache-buster=abc&columns=id&where=1%3D1&table=x`, dev.readToken);
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body[0].value)).toHaveLength(26);
    });
  });

  describe("handles and bad requests", () => {
    it("answers an expired handle of the shape with 409 must-refetch and a new handle (Electric); native takes any handle back", async () => {
      const run = dev.server.createRun({});
      if (!electric) {
        const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
        await follower.snapshot();
        dev.server.rotateShapes();
        run.setMetadata({ after: "restart" });
        const answer = await follower.next();
        expect(answer.status).toBe(200);
        expect(answer.headers.get("electric-handle")).toBe(`run-${run.run.id}`);
        expect(JSON.parse(answer.body[0].value.metadata)).toEqual({ after: "restart" });
        return;
      }
      const follower = new ShapeFollower(runUrl(run.id), dev.readToken);
      await follower.snapshot();
      const oldHandle = follower.handle;
      dev.server.rotateShapes();
      for (const live of [false, true]) {
        const answer = await shape(`${runUrl(run.id)}?offset=${follower.offset}&handle=${oldHandle}${live ? "&live=true" : ""}`, dev.readToken);
        expect(answer.status).toBe(409);
        expect(answer.headers.get("content-type")).toBe("application/json");
        expect(answer.body).toEqual([{ headers: { control: "must-refetch" } }]);
        const fresh = answer.headers.get("electric-handle")!;
        expect(fresh).toMatch(RUN_HANDLE);
        expect(fresh).not.toBe(oldHandle);
        const refetch = await shape(`${runUrl(run.id)}?offset=-1&handle=${fresh}`, dev.readToken);
        expect(refetch.headers.get("electric-handle")).toBe(fresh);
      }
    });

    it("rejects garbage handles, another run's handle and bad offsets with 400 JSON", async () => {
      const run = dev.server.createRun({});
      const other = dev.server.createRun({});
      const otherFollower = new ShapeFollower(runUrl(other.id), dev.readToken);
      await otherFollower.snapshot();
      const bad = [
        `?offset=abc`,
        `?offset=1_0`,
        `?offset=-2`,
        ...(electric ? [`?offset=1_0&handle=garbage`, `?offset=1_0&handle=${otherFollower.handle}`] : []),
        `?offset=-1&live=true`,
        `?offset=1_0&handle=x&live=maybe`,
        `?offset=99999999999999999999_0&handle=${otherFollower.handle}`,
      ];
      for (const query of bad) {
        const answer = await shape(`${runUrl(run.id)}${query}`, dev.readToken);
        expect(answer.status, query).toBe(400);
        expect(answer.body.error, query).toBeTruthy();
      }
      const tagFeed = new ShapeFollower(`${dev.server.url}/realtime/v1/runs?tags=x`, dev.readToken);
      await tagFeed.snapshot();
      if (electric) expect((await shape(`${runUrl(run.id)}?offset=${tagFeed.offset}&handle=${tagFeed.handle}`, dev.readToken)).status).toBe(400);
    });

    it("checks the query before looking the run up, and finds the run (404) before checking scopes", async () => {
      const run = dev.server.createRun({});
      const stranger = await dev.server.createPublicToken({ scopes: ["read:runs:run_someone_else"] });
      expect((await shape(`${runUrl("run_missing")}?offset=bad`, stranger)).status).toBe(400);
      const missing = await shape(`${runUrl("run_missing")}?offset=-1`, stranger);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ error: "Not found" });
      expect(missing.headers.get("x-should-retry")).toBe("false");
      expect((await shape(`${runUrl(run.id)}?offset=-1`, stranger)).status).toBe(403);
      expect((await shape(`${runUrl(run.run.id)}?offset=-1`, dev.readToken)).status).toBe(404);
    });
  });

  describe("tag feeds", () => {
    const tagUrl = (tags: string, extra = "") => `${dev.server.url}/realtime/v1/runs?tags=${encodeURIComponent(tags)}${extra}`;

    it("contain the runs carrying every requested tag", async () => {
      const tag = `user_${Math.random().toString(36).slice(2)}`;
      const both = dev.server.createRun({ tags: [tag, "vip"] });
      dev.server.createRun({ tags: [tag] });
      dev.server.createRun({ tags: ["vip"] });
      const answer = await shape(tagUrl(`${tag},vip`, "&offset=-1"), dev.readToken);
      expect(answer.headers.get("electric-handle")).toMatch(electric ? /^\d+-\d+$/ : /^runs_\d+_\d+_[a-z0-9]{8}$/);
      expect(changes(answer.body).map((message) => message.value!.friendlyId)).toEqual([both.id]);
    });

    it("send inserts for new runs, updates for known ones and a delete when a run loses a tag", async () => {
      const tag = `feed_${Math.random().toString(36).slice(2)}`;
      const first = dev.server.createRun({ tags: [tag] });
      const follower = new ShapeFollower(tagUrl(tag), dev.readToken);
      expect(changes((await follower.snapshot()).body)).toHaveLength(1);

      const second = dev.server.createRun({ tags: [tag] });
      let answer = await follower.next();
      expect(changes(answer.body).map((m) => [m.headers.operation, m.value!.friendlyId])).toEqual([["insert", second.id]]);

      first.setMetadata({ touched: true });
      answer = await follower.next();
      expect(changes(answer.body).map((m) => [m.headers.operation, m.value!.id])).toEqual([["update", first.run.id]]);

      second.setTags(["other"]);
      if (!electric) {
        // The native backend never deletes: a run that leaves the filter stays in the client's view.
        first.setMetadata({ again: true });
        answer = await follower.next();
        expect(changes(answer.body).map((m) => [m.headers.operation, m.value!.id])).toEqual([["update", first.run.id]]);
        return;
      }
      answer = await follower.next();
      const [removed] = changes(answer.body);
      expect(removed!.headers.operation).toBe("delete");
      expect(removed!.key).toBe(`"public"."TaskRun"/"${second.run.id}"`);
      expect(removed!.value).toEqual({ id: second.run.id });

      second.setTags([tag, "other"]);
      answer = await follower.next();
      expect(changes(answer.body).map((m) => m.headers.operation)).toEqual(["insert"]);
      expect(Object.keys(changes(answer.body)[0]!.value!)).toHaveLength(26);
    });

    it("pin the createdAt window to the handle, clamped to 24 hours", async () => {
      const tag = `window_${Math.random().toString(36).slice(2)}`;
      const old = dev.server.createRun({ tags: [tag] });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const recent = dev.server.createRun({ tags: [tag] });
      const narrow = await shape(tagUrl(tag, "&createdAt=1s&offset=-1"), dev.readToken);
      // The native backend's minute buckets widen a window this short.
      if (electric) expect(changes(narrow.body).map((m) => m.value!.friendlyId)).toEqual([recent.id]);
      if (!electric) {
        // Native: the floor is in the handle, rounded down to the minute.
        const floor = Number(narrow.headers.get("electric-handle")!.split("_")[1]);
        expect(floor % 60_000).toBe(0);
        expect(Date.now() - floor).toBeLessThan(61_000 + 3000);
      }
      const clamped = await shape(tagUrl(tag, "&createdAt=7d&offset=-1"), dev.readToken);
      if (!electric) expect(Date.now() - Number(clamped.headers.get("electric-handle")!.split("_")[1])).toBeLessThanOrEqual(24 * 3600 * 1000 + 65_000);
      expect(changes(clamped.body)).toHaveLength(2);
      if (!electric) return;
      const follower = new ShapeFollower(tagUrl(tag, "&createdAt=1s"), dev.readToken);
      await follower.snapshot();
      old.setMetadata({ later: true });
      recent.setMetadata({ later: true });
      expect(changes((await follower.next()).body).map((m) => m.value!.id)).toEqual([recent.run.id]);
    });

    it("need read on runs, tags or one of the tags", async () => {
      const tag = `scoped_${Math.random().toString(36).slice(2)}`;
      const allowed = [["read:tags"], ["read:runs"], [`read:tags:${tag}`], ["read:all"], ["admin"]];
      for (const scopes of allowed) {
        expect((await shape(tagUrl(`${tag},x`, "&offset=-1"), await dev.server.createPublicToken({ scopes }))).status, scopes.join()).toBe(200);
      }
      for (const scopes of [["read:tags:other"], [`read:runs:run_x`], [`write:tags:${tag}`], []]) {
        expect((await shape(tagUrl(tag, "&offset=-1"), await dev.server.createPublicToken({ scopes }))).status, scopes.join()).toBe(403);
      }
    });

    it("without tags hold every run of the environment, for a token that may read all runs", async () => {
      const untagged = dev.server.createRun({});
      const tagged = dev.server.createRun({ tags: ["any"] });
      for (const query of ["?offset=-1", "?tags=&offset=-1"]) {
        const answer = await shape(`${dev.server.url}/realtime/v1/runs${query}`, await dev.server.createPublicToken({ scopes: ["read:runs"] }));
        expect(answer.status, query).toBe(200);
        const ids = changes(answer.body).map((message) => message.value!.friendlyId);
        expect(ids).toEqual(expect.arrayContaining([untagged.id, tagged.id]));
      }
      const follower = new ShapeFollower(`${dev.server.url}/realtime/v1/runs`, dev.readToken);
      await follower.snapshot();
      const later = dev.server.createRun({});
      expect(changes((await follower.next()).body).map((message) => message.value!.friendlyId)).toEqual([later.id]);
      expect((await shape(`${dev.server.url}/realtime/v1/runs?offset=-1`, await dev.server.createPublicToken({ scopes: ["read:tags:any"] }))).status).toBe(403);
    });

    it("reject empty tags and tags with quotes, backslashes or control characters", async () => {
      for (const tags of ["a,,b", ",", 'a"b', "a\\b", "a\u0001b", "a\u007fb"]) {
        const answer = await shape(tagUrl(tags, "&offset=-1"), dev.readToken);
        expect(answer.status, JSON.stringify(tags)).toBe(400);
        expect(answer.body.error).toBe("Query Error");
      }
      expect((await shape(tagUrl("it's", "&offset=-1"), dev.readToken)).status).toBe(200);
    });
  });

  describe("batch feeds", () => {
    it("list the batch's runs, insert new ones and update known ones", async () => {
      const batch = dev.server.createBatch(3);
      const first = dev.server.createRun({ batchId: batch.id });
      dev.server.createRun({});
      const follower = new ShapeFollower(`${dev.server.url}/realtime/v1/batches/${batch.id}`, dev.readToken);
      const snapshot = await follower.snapshot();
      expect(snapshot.headers.get("electric-handle")).toMatch(electric ? /^\d+-\d+$/ : /^batch_[a-z0-9]+_\d+_[a-z0-9]{8}$/);
      expect(changes(snapshot.body).map((m) => m.value!.friendlyId)).toEqual([first.id]);
      const second = dev.server.createRun({ batchId: batch.id });
      expect(changes((await follower.next()).body).map((m) => [m.headers.operation, m.value!.friendlyId])).toEqual([["insert", second.id]]);
      first.complete("done");
      const completed = changes((await follower.next()).body);
      expect(completed.map((m) => [m.headers.operation, m.value!.status])).toEqual([["update", "COMPLETED_SUCCESSFULLY"]]);
      expect(completed[0]!.value!.outputType).toBe("text/plain");
    });

    it("need read on the batch or on runs, and 404 an unknown batch with x-should-retry", async () => {
      const batch = dev.server.createBatch(1);
      const run = dev.server.createRun({ batchId: batch.id });
      const url = `${dev.server.url}/realtime/v1/batches/${batch.id}?offset=-1`;
      expect((await shape(url, await dev.server.createPublicToken({ scopes: [`read:batch:${batch.id}`] }))).status).toBe(200);
      expect((await shape(url, await dev.server.createPublicToken({ scopes: ["read:runs"] }))).status).toBe(200);
      expect((await shape(url, await dev.server.createPublicToken({ scopes: [`read:runs:${run.id}`] }))).status).toBe(403);
      // A batch scope also opens the runs of the batch.
      expect((await shape(`${runUrl(run.id)}?offset=-1`, await dev.server.createPublicToken({ scopes: [`read:batch:${batch.id}`] }))).status).toBe(200);
      const missing = await shape(`${dev.server.url}/realtime/v1/batches/batch_nope?offset=-1`, dev.readToken);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("x-should-retry")).toBe("true");
    });
  });

  it("answers OPTIONS preflights and exposes the electric headers on every shape answer", async () => {
    const run = dev.server.createRun({});
    const preflight = await fetch(`${runUrl(run.id)}?offset=-1`, {
      method: "OPTIONS",
      headers: { origin: "http://app.test", "access-control-request-method": "GET", "access-control-request-headers": "authorization,x-trigger-api-version" },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://app.test");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET,HEAD,PUT,PATCH,POST,DELETE");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization,x-trigger-api-version");
    expect(preflight.headers.get("access-control-max-age")).toBe("300");
    for (const status of electric ? [200, 403, 409] : [200, 403]) {
      const token = status === 403 ? await dev.server.createPublicToken({ scopes: [] }) : dev.readToken;
      const query = status === 409 ? `offset=1_0&handle=123-456` : "offset=-1";
      const answer = await shape(`${runUrl(run.id)}?${query}`, token, { ...SHAPE_HEADERS, origin: "http://app.test" });
      expect(answer.status).toBe(status);
      expect(answer.headers.get("access-control-allow-origin")).toBe("http://app.test");
      const exposed = answer.headers.get("access-control-expose-headers")!.split(",");
      for (const header of ["*", "electric-handle", "electric-offset", "electric-schema", "electric-cursor", "electric-up-to-date", "x-trigger-jwt", "x-trigger-jwt-claims"]) {
        expect(exposed).toContain(header);
      }
    }
  });
});
