import { describe, expect, it } from "vitest";
import { useDevServer } from "@trigger-realtime/test-support";
import { createRealtimeClient } from "../src/client.js";
import { readPacket } from "../src/decode/packets.js";

// Offloaded payloads and outputs are asked for as the SDK 4.8.3 does: the run-scoped route
// first, the path-based legacy route only when that one answers 404.

const dev = useDevServer({ server: { offloadThreshold: 1024 } });

/** A client whose requests are recorded, with answers of chosen routes replaced. */
function clientWith(token: string, replace: (url: string) => Response | undefined = () => undefined) {
  const urls: string[] = [];
  const client = createRealtimeClient({
    baseURL: dev.baseURL,
    accessToken: token,
    fetch: async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      urls.push(url.slice(dev.baseURL.length));
      return replace(url) ?? fetch(input, init);
    },
  });
  return { client, urls };
}

async function offloadedOutput() {
  const run = dev.server.createRun({ taskIdentifier: "packets" });
  const output = { text: "x".repeat(2048) };
  run.complete(output);
  const packet = dev.server.getRun(run.id)!.output!;
  expect(packet.dataType).toBe("application/store");
  return { run, packet: { data: packet.data!, dataType: packet.dataType }, output, token: await dev.token([`read:runs:${run.id}`]) };
}

describe("offloaded packets", () => {
  it("come through the run-scoped route, readable with a token for the run alone", async () => {
    const { run, packet, output, token } = await offloadedOutput();
    const { client, urls } = clientWith(token);
    expect(await readPacket(client, packet, { runId: run.id, field: "output" })).toEqual(output);
    expect(urls).toEqual([`/api/v1/runs/${run.id}/packets/output`]);
  });

  it("fall back to the legacy route when the run-scoped one answers 404 (an older server)", async () => {
    const { run, packet, output } = await offloadedOutput();
    const notFound = (url: string) => (url.includes("/api/v1/runs/") ? Response.json({ error: "Not found" }, { status: 404 }) : undefined);
    // The legacy route takes the secret key only here (as Cloud may refuse public tokens there).
    const { client, urls } = clientWith(dev.server.secretKey, notFound);
    expect(await readPacket(client, packet, { runId: run.id, field: "output" })).toEqual(output);
    expect(urls).toEqual([`/api/v1/runs/${run.id}/packets/output`, `/api/v1/packets/${encodeURIComponent(packet.data)}`]);
  });

  it("do not fall back on any other refusal", async () => {
    const { run, packet, token } = await offloadedOutput();
    const forbidden = (url: string) => (url.includes("/api/v1/runs/") ? Response.json({ error: "Unauthorized" }, { status: 403 }) : undefined);
    const { client, urls } = clientWith(token, forbidden);
    await expect(readPacket(client, packet, { runId: run.id, field: "output" })).rejects.toMatchObject({ code: "forbidden", status: 403 });
    expect(urls).toEqual([`/api/v1/runs/${run.id}/packets/output`]);
  });
});
