import type { RealtimeClient } from "../client.js";
import { errorFromResponse, RealtimeError } from "../errors.js";
import { packetAnswerSchema } from "../schemas/answers.js";
import { decodeAnswer } from "./answers.js";

/** A serialized value and how it is serialized: a run's payload, output or metadata. */
export interface Packet {
  data?: string | null;
  dataType: string;
}

// superjson is only needed for payloads sent by the SDK, so it stays out of the main bundle.
let superjson: Promise<typeof import("../sdk-superjson.js")> | undefined;
function loadSuperjson() {
  superjson ??= import("../sdk-superjson.js").catch((cause: unknown) => {
    superjson = undefined; // a failed chunk load may succeed next time
    throw cause;
  });
  return superjson;
}

/** `application/json; charset=utf-8` → `application/json`. */
const mediaType = (dataType: string) => dataType.split(";")[0]!.trim().toLowerCase();

/** The value a packet holds. Throws if it is not what its type says. */
export async function parsePacket(packet: Packet): Promise<unknown> {
  const { data } = packet;
  if (!data) return undefined;
  switch (mediaType(packet.dataType)) {
    case "application/json":
      return JSON.parse(data);
    case "application/super+json":
      return (await loadSuperjson()).sdkSuperjson.parse(data);
    case "application/store":
      throw new RealtimeError("invalid_data", `The stored packet ${data} must be downloaded before it is parsed`);
    default:
      // text/plain and types we do not know are handed over as they are
      return data;
  }
}

/** Where a packet belongs: the run and field whose packet route the API authorizes against the run. */
export interface PacketSource {
  runId: string;
  field: "payload" | "output";
}

/**
 * For an offloaded packet (`application/store`: `data` is an object-store path), downloads the
 * real one through a presigned URL the API hands out; any other packet is returned as is. As the
 * SDK does, the run's packet route is asked first (a token that may read the run suffices), and
 * the path route only if that one is unknown (404).
 */
export async function resolvePacket(client: RealtimeClient, packet: Packet, source?: PacketSource): Promise<Packet> {
  if (mediaType(packet.dataType) !== "application/store" || !packet.data) return packet;
  const path = packet.data;
  const what = `stored packet ${path}`;
  const byRun = source ? await client.request(`/api/v1/runs/${encodeURIComponent(source.runId)}/packets/${source.field}`, { method: "GET" }) : undefined;
  let response = byRun;
  if (!response || response.status === 404) response = await client.request(`/api/v1/packets/${encodeURIComponent(path)}`, { method: "GET" });
  // When both fail, the run's "not found" says more than the path route refusing this token.
  if (!response.ok) throw await errorFromResponse(byRun && byRun.status === 404 ? byRun : response, what);
  const body: unknown = await response.json().catch(() => undefined);
  const { presignedUrl } = decodeAnswer(packetAnswerSchema, body, `The server gave no presignedUrl for ${what}`);
  const download = await downloadWithRetry(new URL(presignedUrl, client.baseURL).href, what);
  return { data: await download.text(), dataType: download.headers.get("content-type") ?? "application/json" };
}

/** Resolves then parses: the value of any packet a run row carries. */
export async function readPacket(client: RealtimeClient, packet: Packet, source?: PacketSource): Promise<unknown> {
  return parsePacket(await resolvePacket(client, packet, source));
}

const DOWNLOAD_ATTEMPTS = 3;

// The presigned URL points at object storage, not the API: no auth headers, plain fetch. 429/5xx are retried.
export async function downloadWithRetry(url: string, what: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let response: Response | undefined;
    try {
      response = await fetch(url);
    } catch (cause) {
      if (attempt >= DOWNLOAD_ATTEMPTS) {
        throw new RealtimeError("network", `Could not download ${what}: ${(cause as Error)?.message ?? cause}`, undefined, { cause });
      }
    }
    if (response) {
      const retryable = response.status === 429 || response.status >= 500;
      if (response.ok || !retryable || attempt >= DOWNLOAD_ATTEMPTS) {
        if (!response.ok) throw await errorFromResponse(response, what);
        return response;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}
