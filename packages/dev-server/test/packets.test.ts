import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { useDevServer } from "@trigger-realtime/test-support";
import { bearer, shape } from "./support.js";

const dev = useDevServer({ server: { offloadThreshold: 1024 } });
const get = (path: string, token?: string) => fetch(`${dev.server.url}${path}`, { headers: bearer(token) });
const big = { text: "y".repeat(5000) };

describe("offloaded packets", () => {
  it("keep packets under the threshold inline and move bigger ones to the store", async () => {
    const small = dev.server.createRun({ payload: { text: "short" } });
    expect(dev.server.getRun(small.id)!.payload.dataType).toBe("application/super+json");
    const run = dev.server.createRun({ payload: big });
    run.complete(big);
    const value = (await shape(`${dev.server.url}/realtime/v1/runs/${run.id}?offset=-1`, dev.readToken)).body[0].value;
    expect(value.payloadType).toBe("application/store");
    expect(value.outputType).toBe("application/store");
    expect(value.payload).toBe(`${run.id}/payload`);
    expect(value.output).toBe(`${run.id}/output`);
  });

  it("trade a path for a presigned URL that serves the body with its content type", async () => {
    const run = dev.server.createRun({});
    run.complete(big);
    const token = await dev.server.createPublicToken({ scopes: [`read:runs:${run.id}`] });
    // The run's packet route takes a token that may read the run; the path route only the secret key.
    for (const [path, key] of [[`/api/v1/packets/${encodeURIComponent(`${run.id}/output`)}`, dev.server.secretKey], [`/api/v1/runs/${run.id}/packets/output`, token]] as const) {
      const answer = await get(path, key);
      expect(answer.status, path).toBe(200);
      const { presignedUrl } = await answer.json();
      expect(presignedUrl.startsWith(`${dev.server.url}/`)).toBe(true);
      const body = await fetch(presignedUrl);
      expect(body.headers.get("content-type")).toBe("application/super+json");
      expect(superjson.parse(await body.text())).toEqual(big);
    }
  });

  it("need read access to the packet's run, a valid signature, and a known path", async () => {
    const run = dev.server.createRun({});
    run.complete(big);
    const path = `/api/v1/packets/${encodeURIComponent(`${run.id}/output`)}`;
    const stranger = await dev.server.createPublicToken({ scopes: ["read:runs:run_other"] });
    expect((await get(path, stranger)).status).toBe(401);
    expect((await get(path, dev.readToken)).status).toBe(401);
    expect((await get(`/api/v1/runs/${run.id}/packets/output`, stranger)).status).toBe(403);
    expect((await get(path)).status).toBe(401);
    expect((await get(`/api/v1/packets/${encodeURIComponent("nope/output")}`, dev.server.secretKey)).status).toBe(404);
    expect((await get(`/api/v1/runs/${run.id}/packets/payload`, dev.readToken)).status).toBe(404);
    const { presignedUrl } = await (await get(`/api/v1/runs/${run.id}/packets/output`, dev.readToken)).json();
    const url = new URL(presignedUrl);
    url.searchParams.set("signature", "0".repeat(64));
    expect((await fetch(url)).status).toBe(403);
    const unsigned = new URL(presignedUrl);
    unsigned.search = "";
    expect((await fetch(unsigned)).status).toBe(403);
    expect((await fetch(presignedUrl, { method: "PUT", body: "overwrite" })).status).toBe(403);
  });

  it("accept uploads through the SDK's v2 handshake and bind them to the run that uses them", async () => {
    const handshake = await fetch(`${dev.server.url}/api/v2/packets/${encodeURIComponent("trigger/packet_abc/payload.json")}`, { method: "PUT", headers: bearer(dev.server.secretKey) });
    const { presignedUrl, storagePath } = await handshake.json();
    expect(storagePath).toContain("trigger/packet_abc/payload.json");
    const body = superjson.stringify({ steps: 1, delayMs: 1, padding: "z".repeat(4000) });
    expect((await fetch(presignedUrl, { method: "PUT", headers: { "content-type": "application/super+json" }, body })).status).toBe(200);
    const trigger = await fetch(`${dev.server.url}/api/v1/tasks/progress/trigger`, {
      method: "POST",
      headers: { ...bearer(dev.server.secretKey), "content-type": "application/json" },
      body: JSON.stringify({ payload: storagePath, options: { payloadType: "application/store" } }),
    });
    const { id } = await trigger.json();
    const runToken = trigger.headers.get("x-trigger-jwt")!;
    const row = (await shape(`${dev.server.url}/realtime/v1/runs/${id}?offset=-1`, runToken)).body[0].value;
    expect(row).toMatchObject({ payload: storagePath, payloadType: "application/store" });
    const { presignedUrl: download } = await (await get(`/api/v1/runs/${id}/packets/payload`, runToken)).json();
    expect(await (await fetch(download)).text()).toBe(body);
    // Now the packet belongs to that run.
    const stranger = await dev.server.createPublicToken({ scopes: ["read:runs:run_other"] });
    expect((await get(`/api/v1/runs/${id}/packets/payload`, stranger)).status).toBe(403);
    expect((await get(`/api/v1/packets/${encodeURIComponent(storagePath)}`, stranger)).status).toBe(401);
    expect((await fetch(`${dev.server.url}/api/v2/packets/x.json`, { method: "PUT", headers: bearer(dev.readToken) })).status).toBe(401);
  });
});
