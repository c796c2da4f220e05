import { createHmac, timingSafeEqual } from "node:crypto";
import { authorize } from "../auth.js";
import { badRequest, headerJson, HttpError, sendJson } from "../http.js";
import { readJson } from "../json.js";
import { browserRoute, route } from "../context.js";

const CREATE_LIMIT = 10 * 1024;
const COMPLETE_LIMIT = 3 * 1024 * 1024;

/** The secret part of a wait token's callback URL: HMAC-SHA256 of its id with the secret key. */
const callbackSignature = (secretKey: string, id: string) => createHmac("sha256", secretKey).update(id).digest("hex");

export const waitpointRoutes = [
  route("POST", /^\/api\/v1\/waitpoints\/tokens$/, "waitpoint", async (context, { request, response }) => {
    await context.auth.requireSecret(request);
    const body = await readJson(request, CREATE_LIMIT);
    if (body.timeout !== undefined && typeof body.timeout !== "string") throw badRequest("timeout must be a duration or a date");
    if (body.idempotencyKey !== undefined && typeof body.idempotencyKey !== "string") throw badRequest("idempotencyKey must be a string");
    const { id, isCached } = context.waitpoints.create({ timeout: body.timeout as string | undefined, idempotencyKey: body.idempotencyKey as string | undefined });
    const hmac = callbackSignature(context.auth.secretKey, id);
    const token = await context.auth.sign({ scopes: [`write:waitpoints:${id}`] }, "24h");
    sendJson(
      response,
      200,
      { id, isCached, url: `${context.url}/api/v1/waitpoints/tokens/${id}/callback/${hmac}` },
      { "x-trigger-jwt": token, "x-trigger-jwt-claims": headerJson({ sub: context.auth.environmentId, pub: true }) },
    );
  }),

  browserRoute("POST", /^\/api\/v1\/waitpoints\/tokens\/([^/]+)\/complete$/, "waitpoint", async (context, { request, response, params }) => {
    const principal = await context.auth.authenticate(request);
    const id = decodeURIComponent(params[0]!);
    const body = await readJson(request, COMPLETE_LIMIT);
    authorize(principal, "write", [{ type: "waitpoints", id }]);
    if (!context.waitpoints.complete(id, body.data)) throw new HttpError(404, { error: "Waitpoint not found" });
    sendJson(response, 200, { success: true });
  }),

  // The callback URL handed out at creation: no auth header, the signature in the path is the permission.
  route("POST", /^\/api\/v1\/waitpoints\/tokens\/([^/]+)\/callback\/([0-9a-f]+)$/, "waitpoint", async (context, { request, response, params }) => {
    const id = decodeURIComponent(params[0]!);
    const expected = Buffer.from(callbackSignature(context.auth.secretKey, id));
    const given = Buffer.from(params[1]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, { error: "Invalid callback signature" });
    const body = await readJson(request, COMPLETE_LIMIT);
    if (!context.waitpoints.complete(id, body)) throw new HttpError(404, { error: "Waitpoint not found" });
    sendJson(response, 200, { success: true });
  }),
];
