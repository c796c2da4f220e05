import type { IncomingMessage } from "node:http";
import { badRequest, HttpError, readBody } from "./http.js";
import { JSON_DEPTH_LIMIT } from "./limits.js";

/**
 * The deepest nesting of arrays and objects in JSON text, found by one pass over the text
 * (no recursion, so any depth can be measured). Brackets inside strings are skipped.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

export const tooDeep = (what = "JSON") => new HttpError(400, { error: `${what} is nested deeper than ${JSON_DEPTH_LIMIT} levels` });

/** Throws 400 when JSON text nests deeper than the limit. */
export function checkJsonDepth(text: string, what?: string): void {
  if (jsonDepth(text) > JSON_DEPTH_LIMIT) throw tooDeep(what);
}

/** Parses JSON a caller sent: 400 for text that is not JSON or nests too deeply. */
export function parseJson(text: string, what?: string): unknown {
  checkJsonDepth(text, what);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, { error: "Invalid JSON" });
  }
}

/** Reads a JSON object body with Trigger.dev's error answers for empty or broken bodies. */
export async function readJson(request: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const body = await readBody(request, limit, true);
  if (body.length === 0) throw badRequest("Request body is empty");
  const value = parseJson(body.toString("utf8"));
  if (!value || typeof value !== "object" || Array.isArray(value)) throw badRequest("Expected a JSON object");
  return value as Record<string, unknown>;
}
