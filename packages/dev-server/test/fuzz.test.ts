import { request } from "node:http";
import fc from "fast-check";
import { SignJWT } from "jose";
import { beforeAll, expect, it } from "vitest";
import { seedFor, useDevServer } from "@trigger-realtime/test-support";
import { bearer, shape } from "./support.js";

const dev = useDevServer({ server: { offloadThreshold: 64 } });

/** What must never leak: the victim run's payload, output, metadata and stream, and its internal id. */
const SECRET = `secret-${Math.random().toString(36).slice(2)}`;
const victim = {} as { runId: string; internalId: string; batchId: string; tag: string; handle: string; offset: string; waitpointId: string; packetPath: string };
let tokens: string[] = [];

beforeAll(async () => {
  const batch = dev.server.createBatch(1);
  victim.tag = `victim-tag-${Math.random().toString(36).slice(2)}`;
  const run = dev.server.createRun({ taskIdentifier: "victim-task", payload: { SECRET }, tags: [victim.tag], metadata: { SECRET }, batchId: batch.id });
  run.start();
  run.appendStream("text", SECRET);
  run.complete({ SECRET, padding: "x".repeat(100) });
  victim.runId = run.id;
  victim.internalId = run.run.id;
  victim.batchId = batch.id;
  victim.packetPath = run.run.output!.data!;
  const snapshot = await shape(`${dev.server.url}/realtime/v1/runs/${run.id}?offset=-1`, dev.server.secretKey);
  victim.handle = snapshot.headers.get("electric-handle")!;
  victim.offset = snapshot.headers.get("electric-offset")!;
  const waitpoint = await fetch(`${dev.server.url}/api/v1/waitpoints/tokens`, { method: "POST", headers: { ...bearer(dev.server.secretKey), "content-type": "application/json" }, body: "{}" });
  victim.waitpointId = (await waitpoint.json()).id;

  // Tokens that grant nothing on the victim's resources, and tokens that are not valid at all.
  const other = (scopes: string[]) => dev.server.createPublicToken({ scopes });
  const forged = await new SignJWT({ sub: dev.server.environmentId, pub: true, scopes: ["admin"] })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("https://id.trigger.dev")
    .setAudience("https://api.trigger.dev")
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode("guessed-secret"));
  tokens = [
    await other(["read:runs:run_someone_else"]),
    await other(["read:tags:someone-else", "read:batch:batch_someone_else", "read:tasks:someone-else"]),
    await other(["write:waitpoints:waitpoint_someone_else", "write:runs:run_someone_else"]),
    await other(["trigger:tasks:someone-else", "batchTrigger:tasks:someone-else"]),
    await other([]),
    await dev.server.createPublicToken({ scopes: ["admin"], expirationTime: Math.floor(Date.now() / 1000) - 60 }),
    forged,
    "tr_dev_not_the_key",
    "",
    "Bearer",
    "a.b.c",
  ];
});

const text = fc.string({ maxLength: 40 });

/** Placeholders for the victim's ids, filled in when a request is sent (they exist only then). */
const fill = (value: string) =>
  value
    .replaceAll("$runId", victim.runId)
    .replaceAll("$internalId", victim.internalId)
    .replaceAll("$batchId", victim.batchId)
    .replaceAll("$waitpointId", victim.waitpointId)
    .replaceAll("$packet", encodeURIComponent(victim.packetPath))
    .replaceAll("$offset", victim.offset)
    .replaceAll("$handle", victim.handle)
    .replaceAll("$tag", victim.tag);

const segment = fc.oneof(
  fc.constantFrom("$runId", "$internalId", "$batchId", "$waitpointId", "$packet", "run_missing", "self", "text", "progress", "payload", "output"),
  text.map((value) => encodeURIComponent(value)),
  fc.constantFrom("%E0%A4%A", "%", "..", "%2F"),
);

/** Every route of the server, with its `:` segments filled from `segment`. */
const path = fc
  .tuple(
    fc.constantFrom(
      "/realtime/v1/runs/:",
      "/realtime/v1/runs",
      "/realtime/v1/batches/:",
      "/realtime/v1/streams/:/:",
      "/realtime/v1/streams/:/:/:",
      "/realtime/v1/streams/:/:/:/append",
      "/api/v1/tasks/:/trigger",
      "/api/v2/tasks/batch",
      "/api/v3/batches",
      "/api/v3/batches/:/items",
      "/api/v1/waitpoints/tokens",
      "/api/v1/waitpoints/tokens/:/complete",
      "/api/v1/waitpoints/tokens/:/callback/:",
      "/api/v1/runs/:/metadata",
      "/api/v3/runs/:",
      "/api/v2/runs/:/cancel",
      "/api/v1/packets/:",
      "/api/v1/runs/:/packets/:",
      "/api/v2/packets/:",
      "/object-store/:",
      "/api/v1/auth/jwt/claims",
      "/:/:",
    ),
    fc.array(segment, { minLength: 3, maxLength: 3 }),
  )
  .map(([template, segments]) => {
    let index = 0;
    return template.replace(/:/g, () => segments[index++]!);
  });

const query = fc
  .record(
    {
      offset: fc.constantFrom("-1", "0_0", "1_0", "abc", "-2", "99999999999999999_0", "$offset"),
      handle: fc.oneof(fc.constant("$handle"), text),
      live: fc.constantFrom("true", "false", "yes"),
      skipColumns: text,
      tags: fc.oneof(fc.constant("$tag"), text.filter((value) => !value.includes("someone-else"))),
      createdAt: fc.constantFrom("1h", "7d", "nonsense", ""),
      "cache-buster": text,
    },
    { requiredKeys: [] },
  )
  .map((params) => new URLSearchParams(params).toString());

const body = fc.oneof(
  fc.constant(undefined),
  text,
  fc.json({ maxDepth: 3 }),
  fc.record({ payload: fc.oneof(text, fc.json()), options: fc.oneof(fc.json(), fc.record({ tags: fc.array(text), metadata: fc.json(), payloadType: fc.constantFrom("application/json", "application/store", "text/plain") })) }).map((value) => JSON.stringify(value)),
  fc.record({ items: fc.array(fc.record({ task: fc.constantFrom("progress", "victim-task", "nope"), payload: text }), { maxLength: 3 }) }).map((value) => JSON.stringify(value)),
  fc.record({ operations: fc.array(fc.record({ type: fc.constantFrom("set", "increment", "update", "append", "bogus"), key: text, value: fc.json() }), { maxLength: 3 }) }).map((value) => JSON.stringify(value)),
  fc.record({ runCount: fc.integer({ min: -5, max: 2000 }), taskIdentifiers: fc.array(text, { maxLength: 3 }) }).map((value) => JSON.stringify(value)),
);

const headers = fc.record(
  {
    "timeout-seconds": fc.constantFrom("1", "0", "abc", "601", "-1"),
    "last-event-id": fc.oneof(text.map(encodeURIComponent), fc.constantFrom("0", "-1", "1-0", "9999999999999-5")),
    "content-type": fc.constantFrom("application/json", "application/x-ndjson", "text/plain"),
    "x-trigger-api-version": fc.constantFrom("2025-07-16", "2020-01-01"),
    "x-trigger-electric-version": fc.constant("1.0.0-beta.1"),
    "x-client-id": text.map(encodeURIComponent),
    "x-resume-from-chunk": fc.constantFrom("0", "-1", "abc"),
  },
  { requiredKeys: [] },
);

interface Answer {
  status: number;
  headers: string;
  body: string;
}

/** A raw HTTP request over a kept-alive connection: fetch would normalise the odd paths the fuzzer makes. */
function send(method: string, target: string, token: string, headerValues: Record<string, string>, payload: string | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(dev.server.url);
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: target,
        headers: {
          ...headerValues,
          ...(token === "" ? {} : { authorization: token.startsWith("Bearer") ? token : `Bearer ${token}` }),
          // Node sends a DELETE or OPTIONS body with neither length nor chunking: say how long it is.
          ...(payload === undefined ? {} : { "content-length": String(Buffer.byteLength(payload)) }),
        },
      },
      (response) => {
        // A stream the token may read is held open (pings keep the socket busy): its status is the answer.
        if (String(response.headers["content-type"]).startsWith("text/event-stream")) {
          resolve({ status: response.statusCode!, headers: JSON.stringify(response.headers), body: "" });
          response.destroy();
          return;
        }
        let received = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (received += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: JSON.stringify(response.headers), body: received }));
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    // Live requests that slip through would be held: they must not (the tokens grant nothing).
    outgoing.setTimeout(5000, () => outgoing.destroy(new Error(`${method} ${target} was held`)));
    outgoing.end(payload);
  });
}

it("answers bad input and wrong-scope tokens on every route with 4xx only, never leaking another run's data", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom("GET", "POST", "PUT", "HEAD", "DELETE", "PATCH", "OPTIONS"),
      path,
      query,
      fc.nat({ max: 100 }),
      headers,
      body,
      async (method, pathTemplate, queryTemplate, tokenIndex, headerValues, payload) => {
        const token = tokens[tokenIndex % tokens.length]!;
        const target = fill(`${pathTemplate}?${queryTemplate.replaceAll("%24", "$")}`);
        const sent = method === "GET" || method === "HEAD" ? undefined : typeof payload === "string" ? payload : undefined;
        const answer = await send(method, target, token, headerValues, sent).catch((error: Error) => {
          throw new Error(`${method} ${target} with ${JSON.stringify(headerValues)} failed: ${error.message}`);
        });
        const context = `${method} ${target} → ${answer.status} ${answer.body.slice(0, 200)}`;
        if (method === "OPTIONS") {
          // A preflight is allowed (empty 200) or refused (403) where no browser route has the method.
          expect([200, 403], context).toContain(answer.status);
          if (answer.status === 200) expect(answer.body, context).toBe("");
        } else {
          expect(answer.status, context).toBeGreaterThanOrEqual(400);
          expect(answer.status, context).toBeLessThan(500);
        }
        for (const leak of [SECRET, victim.internalId]) {
          expect(answer.body.includes(leak), context).toBe(false);
          expect(answer.headers.includes(leak), context).toBe(false);
        }
        if (method !== "HEAD" && method !== "OPTIONS" && answer.body !== "" && answer.status !== 404 && answer.headers.includes("application/json")) {
          expect(() => JSON.parse(answer.body), context).not.toThrow();
        }
      },
    ),
    { seed: seedFor("dev-server-fuzz-scopes"), numRuns: 400 },
  );

  // Still serving, and the victim run is intact.
  const after = await shape(`${dev.server.url}/realtime/v1/runs/${victim.runId}?offset=-1`, dev.server.secretKey);
  expect(after.status).toBe(200);
  expect(after.body[0].value.metadata).toContain(SECRET);
  expect(dev.server.stats().openShapeRequests).toBe(0);
  expect(dev.server.stats().openStreams).toBe(0);
});

it("answers malformed input with the secret key with 2xx or 4xx, never 5xx, and keeps serving", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom("GET", "POST", "PUT", "HEAD"),
      path,
      query.filter((value) => !value.includes("live=true")),
      headers,
      body,
      async (method, pathTemplate, queryTemplate, headerValues, payload) => {
        const target = fill(`${pathTemplate}?${queryTemplate.replaceAll("%24", "$")}`);
        const sent = method === "GET" || method === "HEAD" ? undefined : typeof payload === "string" ? payload : undefined;
        const answer = await send(method, target, dev.server.secretKey, headerValues, sent).catch((error: Error) => {
          throw new Error(`${method} ${target} with ${JSON.stringify(headerValues)} failed: ${error.message}`);
        });
        expect(answer.status, `${method} ${target} → ${answer.status} ${answer.body.slice(0, 200)}`).toBeLessThan(500);
      },
    ),
    { seed: seedFor("dev-server-fuzz-secret"), numRuns: 300 },
  );
  expect((await shape(`${dev.server.url}/realtime/v1/runs/${victim.runId}?offset=-1`, dev.readToken)).status).toBe(200);
});
