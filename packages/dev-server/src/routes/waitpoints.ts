import { createHmac } from "node:crypto";
import { authorize } from "../auth.js";
import { badRequest, headerJson, HttpError, readJson, sendJson } from "../http.js";
import { route } from "../context.js";

const CREATE_LIMIT = 10 * 1024;
const COMPLETE_LIMIT = 3 * 1024 * 1024;

export const waitpointRoutes = [
  route("POST", /^\/api\/v1\/waitpoints\/tokens$/, "waitpoint", async (context, { request, response }) => {
    await context.auth.requireSecret(request);
    const body = await readJson(request, CREATE_LIMIT);
    if (body.timeout !== undefined && typeof body.timeout !== "string") throw badRequest("timeout must be a duration or a date");
    if (body.idempotencyKey !== undefined && typeof body.idempotencyKey !== "string") throw badRequest("idempotencyKey must be a string");
    const { id, isCached } = context.waitpoints.create({ timeout: body.timeout as string | undefined, idempotencyKey: body.idempotencyKey as string | undefined });
    const hmac = createHmac("sha256", context.auth.secretKey).update(id).digest("hex");
    const token = await context.auth.sign({ scopes: [`write:waitpoints:${id}`] }, "24h");
    sendJson(
      response,
      200,
      { id, isCached, url: `${context.url}/api/v1/waitpoints/tokens/${id}/callback/${hmac}` },
      { "x-trigger-jwt": token, "x-trigger-jwt-claims": headerJson({ sub: context.auth.environmentId, pub: true }) },
    );
  }),

  route("POST", /^\/api\/v1\/waitpoints\/tokens\/([^/]+)\/complete$/, "waitpoint", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const id = decodeURIComponent(params[0]!);
    const body = await readJson(request, COMPLETE_LIMIT);
    authorize(principal, "write", [{ type: "waitpoints", id }]);
    if (!context.waitpoints.complete(id, body.data)) throw new HttpError(404, { error: "Waitpoint not found" });
    sendJson(response, 200, { success: true });
  }),

  route("POST", /^\/api\/v1\/waitpoints\/tokens\/([^/]+)\/callback\/([0-9a-f]+)$/, "waitpoint", async (context, { request, response, params }) => {
    const id = decodeURIComponent(params[0]!);
    const expected = createHmac("sha256", context.auth.secretKey).update(id).digest("hex");
    if (params[1] !== expected) throw new HttpError(401, { error: "Invalid callback signature" });
    const body = await readJson(request, COMPLETE_LIMIT);
    if (!context.waitpoints.complete(id, body)) throw new HttpError(404, { error: "Waitpoint not found" });
    sendJson(response, 200, { success: true });
  }),
];
