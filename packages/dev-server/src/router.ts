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
 * The server's request handler: CORS on every answer, preflights, routing, and errors turned
 * into JSON (or plain-text) answers. An unexpected error is a 500 and is logged; the server
 * keeps serving.
 */
export function createRouter(routes: Route[], context: ServerContext, onRoute: (route: Route) => void) {
  return async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    applyCors(request, response);
    try {
      const url = parseRequestUrl(request.url ?? "/");
      if (request.method === "OPTIONS") return answerPreflight(request, response);
      const route = findRoute(routes, request.method, url.pathname);
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
