import type { IncomingMessage, ServerResponse } from "node:http";

/** An error that becomes a JSON (or text) answer with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === "object" && body && "error" in body ? String((body as { error: unknown }).error) : String(body));
  }
}

export const badRequest = (error: string, extra: Record<string, unknown> = {}) => new HttpError(400, { error, ...extra });
export const notFound = (error = "Not found") => new HttpError(404, { error });

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { "content-type": "text/plain", ...headers });
  response.end(text);
}

/** Reads the whole body, refusing (413) anything over `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    throw new HttpError(413, { error: "Request body too large" });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, { error: "Request body too large" });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON object body with Trigger.dev's error answers for empty or broken bodies. */
export async function readJson(request: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const body = await readBody(request, limit);
  if (body.length === 0) throw badRequest("Request body is empty");
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest("Invalid JSON");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw badRequest("Expected a JSON object");
  return value as Record<string, unknown>;
}

const exposed = [
  "x-trigger-jwt",
  "x-trigger-jwt-claims",
  "electric-handle",
  "electric-offset",
  "electric-schema",
  "electric-cursor",
  "electric-up-to-date",
  "x-stream-version",
  "x-last-chunk-index",
  "retry-after",
].join(",");

/** CORS for non-credentialed browser calls from any origin; every answer, errors included. */
export function applyCors(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader("access-control-allow-origin", request.headers.origin ?? "*");
  response.setHeader("vary", "Origin");
  response.setHeader("access-control-expose-headers", `*,${exposed}`);
}

export function answerPreflight(request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    "access-control-allow-methods": "GET,HEAD,PUT,PATCH,POST,DELETE",
    "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "*",
    "access-control-max-age": "300",
    "content-length": "0",
  });
  response.end();
}
