import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { ServerContext } from "./context.js";

/**
 * `x-trigger-request-idempotency-key`: the SDK sends one UUID per logical call and reuses it on
 * that call's retries. As on Cloud, the key is scoped (environment, task) and a retry whose
 * first attempt created a run gets that run back instead of a second one.
 */
const seen = new WeakMap<ServerContext, Map<string, string>>();

export function requestIdempotencyKey(context: ServerContext, request: IncomingMessage, scope: string[]): string | undefined {
  const key = request.headers["x-trigger-request-idempotency-key"];
  if (typeof key !== "string" || key === "") return undefined;
  return createHash("sha256").update(JSON.stringify([key, context.auth.environmentId, ...scope])).digest("hex");
}

export function cachedRequest(context: ServerContext, scopedKey: string | undefined): string | undefined {
  return scopedKey ? seen.get(context)?.get(scopedKey) : undefined;
}

export function saveRequest(context: ServerContext, scopedKey: string | undefined, entityId: string): void {
  if (!scopedKey) return;
  let entries = seen.get(context);
  if (!entries) seen.set(context, (entries = new Map()));
  entries.set(scopedKey, entityId);
}
