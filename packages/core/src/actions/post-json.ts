import type { RealtimeClient } from "../client.js";
import { errorFromResponse, RealtimeError } from "../errors.js";

export interface JsonReply<T> {
  body: T;
  /** The public token the server minted for what was created (`x-trigger-jwt`), if exposed. */
  publicAccessToken: string | undefined;
}

/** POSTs JSON to the API; a non-2xx answer becomes a RealtimeError carrying the server's message. */
export async function postJson<T>(client: RealtimeClient, path: string, body: unknown, what: string): Promise<JsonReply<T>> {
  const response = await client.request(path, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw await errorFromResponse(response, what);
  let parsed: T;
  try {
    parsed = (await response.json()) as T;
  } catch (cause) {
    throw new RealtimeError("invalid_data", `The answer for ${what} is not JSON`, response.status, { cause });
  }
  return { body: parsed, publicAccessToken: response.headers.get("x-trigger-jwt") ?? undefined };
}
