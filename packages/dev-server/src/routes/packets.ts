import { authorize } from "../auth.js";
import { browserRoute, route } from "../context.js";
import { HttpError, notFound, readBody, sendJson } from "../http.js";
import { runResources } from "./realtime.js";

const UPLOAD_LIMIT = 100 * 1024 * 1024;

/**
 * Offloaded packets. Clients trade a path for a presigned URL: per run and field with
 * `/api/v1/runs/:runId/packets/:field` (authorized against the run, what the SDK asks first),
 * or by path with the legacy `/api/v1/packets/*` (secret key only: a path says nothing about
 * which run it belongs to). The SDK uploads big payloads through `/api/v2/packets/*`. The
 * presigned URLs point at `/object-store/*` on this server.
 */
export const packetRoutes = [
  route("GET", /^\/api\/v1\/packets\/(.+)$/, "packet", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const path = decodeURIComponent(params[0]!);
    if (!context.packets.get(path)) throw notFound();
    sendJson(response, 200, { presignedUrl: context.packets.presign(context.url, path, "GET") });
  }),

  browserRoute("GET", /^\/api\/v1\/runs\/([^/]+)\/packets\/([^/]+)$/, "packet", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const run = context.runs.getByFriendlyId(params[0]!);
    if (!run) throw notFound();
    authorize(principal, "read", runResources(context, run));
    const packet = params[1] === "payload" ? run.payload : params[1] === "output" ? run.output : undefined;
    if (packet?.dataType !== "application/store" || !packet.data || !context.packets.get(packet.data)) throw notFound();
    sendJson(response, 200, { presignedUrl: context.packets.presign(context.url, packet.data, "GET") });
  }),

  // Upload handshakes (backend only). v2 also names the path to put in the trigger body.
  route("PUT", /^\/api\/v1\/packets\/(.+)$/, "packet", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const path = decodeURIComponent(params[0]!);
    sendJson(response, 200, { presignedUrl: context.packets.presign(context.url, path, "PUT") });
  }),

  route("PUT", /^\/api\/v2\/packets\/(.+)$/, "packet", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const storagePath = `packets/${context.auth.environmentId}/${decodeURIComponent(params[0]!)}`;
    sendJson(response, 200, { presignedUrl: context.packets.presign(context.url, storagePath, "PUT"), storagePath });
  }),

  // The presigned URLs themselves: the signature is the permission.
  browserRoute("GET", /^\/object-store\/(.+)$/, "packet", async (context, { response, url, params }) => {
    const path = decodeURIComponent(params[0]!);
    if (!context.packets.verify(path, "GET", url.searchParams)) throw new HttpError(403, { error: "Invalid or expired signature" });
    const object = context.packets.get(path);
    if (!object) throw notFound();
    response.writeHead(200, { "content-type": object.contentType, "content-length": String(object.body.length) });
    response.end(object.body);
  }),

  route("PUT", /^\/object-store\/(.+)$/, "packet", async (context, { request, response, url, params }) => {
    const path = decodeURIComponent(params[0]!);
    if (!context.packets.verify(path, "PUT", url.searchParams)) throw new HttpError(403, { error: "Invalid or expired signature" });
    const body = await readBody(request, UPLOAD_LIMIT);
    if (!context.packets.upload(path, body, String(request.headers["content-type"] ?? "application/json"))) {
      throw new HttpError(409, { error: "The packet belongs to a run and cannot be replaced" });
    }
    response.writeHead(200).end();
  }),
];
