import { route } from "../context.js";
import { sendJson } from "../http.js";

export const authRoutes = [
  // `auth.createPublicToken` asks for the environment's claims, then signs locally with the secret key.
  route("POST", /^\/api\/v1\/auth\/jwt\/claims$/, "auth", async (context, { request, response }) => {
    await context.auth.requireSecret(request);
    sendJson(response, 200, { sub: context.auth.environmentId, pub: true });
  }),
];
