import { notFound, readBody, sendJson } from "../http.js";
import { route } from "../context.js";

const PACKET_LIMIT = 100 * 1024 * 1024;

export const miscRoutes = [
  // `auth.createPublicToken` asks for the environment's claims, then signs locally.
  route("POST", /^\/api\/v1\/auth\/jwt\/claims$/, "auth", async (context, { request, response }) => {
    await context.auth.requireSecret(request);
    sendJson(response, 200, { sub: context.auth.environmentId, pub: true });
  }),

  // Offloaded packets: a presigned URL per path, served by this server.
  route("GET", /^\/api\/v1\/packets\/(.+)$/, "packet", async (context, { request, response, params }) => {
    await context.auth.authenticate(request);
    const path = decodeURIComponent(params[0]!);
    if (!context.packets.get(path)) throw notFound();
    sendJson(response, 200, { presignedUrl: `${context.url}/packet-data/${encodeURIComponent(path)}` });
  }),

  route("PUT", /^\/api\/v1\/packets\/(.+)$/, "packet", async (context, { request, response, params }) => {
    await context.auth.requireSecret(request);
    const path = decodeURIComponent(params[0]!);
    sendJson(response, 200, { presignedUrl: `${context.url}/packet-data/${encodeURIComponent(path)}` });
  }),

  route("GET", /^\/packet-data\/(.+)$/, "packet", async (context, { response, params }) => {
    const object = context.packets.get(decodeURIComponent(params[0]!));
    if (!object) throw notFound();
    response.writeHead(200, { "content-type": object.contentType, "content-length": String(object.body.length) });
    response.end(object.body);
  }),

  route("PUT", /^\/packet-data\/(.+)$/, "packet", async (context, { request, response, params }) => {
    const body = await readBody(request, PACKET_LIMIT);
    context.packets.put(decodeURIComponent(params[0]!), body, String(request.headers["content-type"] ?? "application/json"));
    response.writeHead(200).end();
  }),

];
