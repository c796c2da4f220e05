import type { RealtimeClient } from "../client.js";
import { errorFromResponse, RealtimeError } from "../errors.js";

export interface JsonReply<T> {
  body: T;
  /** The public token the server minted for what was created (`x-trigger-jwt`), if exposed. */
  publicAccessToken: string | undefined;
}

export interface SendOptions {
  /** Sent as is (JSON by default). */
  body: string;
  contentType?: string;
  /** A 2xx answer that still asks for a retry (e.g. a batch not sealed yet). */
  retryIf?: (body: unknown) => boolean;
  /** More headers, the same on every attempt (e.g. a part id that makes a retried append land once). */
  headers?: Record<string, string>;
}

/** Attempts per call, as the SDK's default for API calls. */
const MAX_ATTEMPTS = 3;
const FIRST_RETRY_MS = 250;

/**
 * POSTs to the API as the SDK does: one `x-trigger-request-idempotency-key` (a UUID) per call,
 * kept across its retries so the server starts one run however often it is resent. Network
 * errors, 408, 409, 429 and 5xx are retried (`x-should-retry` decides when present); any other
 * non-2xx answer becomes a RealtimeError carrying the server's message.
 */
export async function postJson<T>(client: RealtimeClient, path: string, body: unknown, what: string, options: Partial<SendOptions> = {}): Promise<JsonReply<T>> {
  const requestKey = randomUUID();
  const headers: Record<string, string> = { ...options.headers, "x-trigger-request-idempotency-key": requestKey };
  if (options.contentType) headers["content-type"] = options.contentType;
  const text = options.body ?? JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= MAX_ATTEMPTS;
    let response: Response;
    try {
      response = await client.request(path, { method: "POST", body: text, headers });
    } catch (cause) {
      if (last || !(cause instanceof RealtimeError) || cause.code !== "network") throw cause;
      await backoff(attempt);
      continue;
    }
    if (!response.ok) {
      if (!last && shouldRetry(response)) {
        await response.body?.cancel();
        await backoff(attempt);
        continue;
      }
      throw await errorFromResponse(response, what);
    }
    let parsed: T;
    try {
      parsed = (await response.json()) as T;
    } catch (cause) {
      throw new RealtimeError("invalid_data", `The answer for ${what} is not JSON`, response.status, { cause });
    }
    if (!last && options.retryIf?.(parsed)) {
      await backoff(attempt);
      continue;
    }
    return { body: parsed, publicAccessToken: response.headers.get("x-trigger-jwt") ?? undefined };
  }
}

function shouldRetry(response: Response): boolean {
  const header = response.headers.get("x-should-retry");
  if (header === "true") return true;
  if (header === "false") return false;
  return response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500;
}

const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, FIRST_RETRY_MS * 2 ** (attempt - 1) * (0.5 + Math.random() / 2)));

/** A v4 UUID; `crypto.randomUUID` is missing on insecure origins, where random bytes stand in. */
export function randomUUID(): string {
  if (typeof globalThis.crypto?.randomUUID === "function") return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
