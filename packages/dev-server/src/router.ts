import type { IncomingMessage, ServerResponse } from "node:http";
import type { Route, ServerContext } from "./context.js";
import { answerPreflight, applyCors, HttpError, sendJson, sendText } from "./http.js";

/** The request target as a URL; `//x` stays a path (not a host), and garbage is a 400. */
function parseRequestUrl(target: string): URL {
  try {
    return new URL(`http://localhost${target.startsWith("/") ? "" : "/"}${target}`);
  } catch {
    throw new HttpError(400, { error: "Malformed URL" });
  }
}

/**
 * Whether the `Host` header names an allowed host (any port). Refusing other names stops DNS
 * rebinding: a page on an attacker's domain that resolves to 127.0.0.1 sends its own name.
 */
export function hostAllowed(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (allowed.has("*")) return true;
  if (!host) return false;
  const name = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(host.trim().toLowerCase())?.[1];
  return name !== undefined && allowed.has(name);
}

/** Answers a CORS preflight: allowed only where a browser route has the requested method. */
function preflight(routes: Route[], request: IncomingMessage, response: ServerResponse, pathname: string): void {
  const method = String(request.headers["access-control-request-method"] ?? "").toUpperCase();
  const allowed = routes.some((candidate) => candidate.cors && candidate.pattern.test(pathname) && (candidate.method === method || (method === "HEAD" && candidate.method === "GET")));
  if (!allowed) throw new HttpError(403, { error: "Cross-origin requests are not allowed on this route" });
  applyCors(request, response);
  answerPreflight(request, response);
}

/** The route for the method and path: 404 for an unknown path, 405 for a known path with another method. */
function findRoute(routes: Route[], method: string | undefined, pathname: string): Route {
  const matching = routes.filter((candidate) => candidate.pattern.test(pathname));
  const exact = matching.find((candidate) => candidate.method === method);
  // HEAD falls back to GET where no HEAD route of its own exists (Node drops the body).
  const found = exact ?? (method === "HEAD" ? matching.find((candidate) => candidate.method === "GET") : undefined);
  if (found) return found;
  throw matching.length > 0 ? new HttpError(405, { error: "Method not allowed" }) : new HttpError(404, { error: "Not found" });
}

/**
 * The server's request handler: the `Host` check, preflights, routing, CORS on every answer of
 * a browser route (errors included), and errors turned into JSON (or plain-text) answers. An
 * unexpected error is a 500 and is logged; the server keeps serving.
 */
export function createRouter(routes: Route[], context: ServerContext, onRoute: (route: Route) => void) {
  return async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (!hostAllowed(request.headers.host, context.allowedHosts)) {
        throw new HttpError(403, { error: `Host ${JSON.stringify(request.headers.host ?? "")} is not allowed: start the dev server with it in allowedHosts (--allowed-hosts)` });
      }
      const url = parseRequestUrl(request.url ?? "/");
      if (request.method === "OPTIONS") return preflight(routes, request, response, url.pathname);
      const route = findRoute(routes, request.method, url.pathname);
      if (route.cors) applyCors(request, response);
      onRoute(route);
      await route.handle(context, { request, response, url, params: route.pattern.exec(url.pathname)!.slice(1) });
    } catch (caught) {
      // A path segment with a broken percent-encoding.
      const error = caught instanceof URIError ? new HttpError(400, { error: "Malformed URL" }) : caught;
      if (error instanceof HttpError) {
        if (typeof error.body === "string") sendText(response, error.status, error.body, error.headers);
        else sendJson(response, error.status, error.body, error.headers);
        return;
      }
      console.error(`trigger-realtime dev server: ${request.method} ${request.url} failed`, error);
      if (!response.headersSent) sendJson(response, 500, { error: "Internal Server Error" });
      else response.destroy();
    }
  };
}
