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

/** JSON for a header value: non-ASCII characters escaped, since header values must be Latin-1. */
export const headerJson = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);

export const badRequest = (error: string, extra: Record<string, unknown> = {}) => new HttpError(400, { error, ...extra });
export const notFound = (error = "Not found", headers: Record<string, string> = {}) => new HttpError(404, { error }, headers);

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(response, status, JSON.stringify(body), headers);
}

/** Sends JSON that is already serialized (one encoding shared by many responses). */
export function sendJsonText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { "content-type": "text/plain", ...headers });
  response.end(text);
}

const tooLarge = () => new HttpError(413, { error: "Request body too large" });

/**
 * Reads the whole body, refusing (413) anything over `limit` bytes. With `requireLength`, a
 * body without `Content-Length` is refused too, as Trigger.dev's JSON routes do; streamed
 * uploads (NDJSON ingest, batch items) pass `false`.
 */
export async function readBody(request: IncomingMessage, limit: number, requireLength = false): Promise<Buffer> {
  const header = request.headers["content-length"];
  const declared = Number(header);
  if ((requireLength && header === undefined) || (Number.isFinite(declared) && declared > limit)) {
    request.resume();
    throw tooLarge();
  }
  // Event listeners rather than `for await`: leaving that loop early would destroy the socket
  // before the 413 could be sent. An oversized body is drained and dropped instead.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    request.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else settle(() => reject(tooLarge()));
    });
    request.on("end", () => settle(() => resolve(Buffer.concat(chunks))));
    request.on("error", (error) => settle(() => reject(error)));
    // The client went away mid-body.
    request.on("close", () => settle(() => reject(new Error("The request was aborted"))));
  });
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

/** CORS for non-credentialed browser calls from any origin, on the routes that take public tokens; every answer, errors included. */
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
