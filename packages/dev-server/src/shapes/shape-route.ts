import type { IncomingMessage } from "node:http";
import { badRequest, HttpError, sendJsonText } from "../http.js";
import { rewriteForLegacyStatus } from "./columns.js";
import { electricFeed } from "./electric-feed.js";
import type { FeedAnswer, FeedBackend, ShapeParams, ShapeRequest, ShapeServer } from "./feed-backend.js";
import { nativeFeed } from "./native-feed.js";
import { topicOf, type Shape } from "./shape-handles.js";

export type { ShapeParams, ShapeRequest, ShapeServer } from "./feed-backend.js";

export const API_VERSION = "2025-07-16";

const queryError = (path: string, message: string) => badRequest("Query Error", { details: [{ path: [path], message }] });

export function parseShapeParams(url: URL, request: IncomingMessage): ShapeParams {
  const offset = url.searchParams.get("offset") ?? "-1";
  const handle = url.searchParams.get("handle") ?? url.searchParams.get("shape_id") ?? undefined;
  const liveParam = url.searchParams.get("live");
  if (offset !== "-1" && !/^\d{1,16}_(\d{1,16}|inf)$/.test(offset)) throw queryError("offset", "Invalid offset");
  if (liveParam !== null && liveParam !== "true" && liveParam !== "false") throw queryError("live", "live must be true or false");
  const live = liveParam === "true";
  if (handle !== undefined && (handle.length === 0 || handle.length > 200)) throw queryError("handle", "Invalid handle");
  if (offset !== "-1" && handle === undefined) throw queryError("handle", "An offset needs the handle it belongs to");
  if (live && offset === "-1") throw queryError("live", "A live request needs a handle and an offset");
  return {
    offset,
    handle,
    live,
    cursor: url.searchParams.get("cursor") ?? undefined,
    legacyStatus: request.headers["x-trigger-api-version"] !== API_VERSION,
    legacyHeaders: request.headers["x-trigger-electric-version"] === undefined,
  };
}

const backendOf = (server: ShapeServer): FeedBackend => (server.handles.backend === "electric" ? electricFeed : nativeFeed);

/**
 * Serves one shape request in Electric's HTTP protocol, as the backend the server imitates
 * answers it: a snapshot for `offset=-1`, a catch-up for any other non-live request, and for
 * `live=true` a long-poll that answers as soon as the shape changes (registry notification, no
 * polling) or after the hold with a bare up-to-date.
 */
export async function serveShape(server: ShapeServer, request: ShapeRequest): Promise<void> {
  const { response, params } = request;
  if (params.live && server.live.open >= server.live.limit) throw new HttpError(429, { error: "Too many concurrent requests" });
  const backend = backendOf(server);
  const fresh = params.handle === undefined || params.offset === "-1";
  const shape = fresh ? server.handles.create(request.target, request.columns, request.createdAfter) : backend.resolve(server, request, params.handle!);
  if (!shape) return;

  const send = (answer: FeedAnswer, headers: Record<string, string>) =>
    sendJsonText(response, 200, params.legacyStatus ? rewriteForLegacyStatus(answer.text) : answer.text, headers);

  if (!params.live) {
    const { answer, headers } = backend.catchUp(server, shape, params, fresh);
    return send(answer, headers);
  }

  server.live.open++;
  let answer: FeedAnswer | undefined;
  try {
    answer = await waitForChanges(server, backend, shape, params, response);
  } finally {
    server.live.open--;
  }
  if (response.destroyed) return;
  answer ??= backend.nothingNew(server, shape, params);
  send(answer, backend.liveHeaders(server, shape, params, answer));
}

/** Holds the request until a change of the shape lands or the hold ends. */
function waitForChanges(server: ShapeServer, backend: FeedBackend, shape: Shape, params: ShapeParams, response: ShapeRequest["response"]): Promise<FeedAnswer | undefined> {
  const immediate = backend.changes(server, shape, params);
  if (immediate) return Promise.resolve(immediate);
  // The client left while the request was being checked: its "close" has already fired.
  if (response.destroyed) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: FeedAnswer | undefined) => {
      if (done) return;
      done = true;
      unlisten();
      unhold();
      cancelHold();
      response.off("close", onClose);
      resolve(answer);
    };
    const unlisten = server.runs.listen(topicOf(shape.target), () => {
      const answer = backend.changes(server, shape, params);
      if (answer) finish(answer);
    });
    const unhold = server.onHold(() => finish(undefined), "shape");
    // The client left (aborted, page hidden): stop holding.
    const onClose = () => finish(undefined);
    response.on("close", onClose);
    const cancelHold = server.deadlines.schedule(server.liveHoldMs * (0.85 + Math.random() * 0.15), () => finish(undefined));
  });
}
