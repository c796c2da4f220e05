import { error, json } from "@sveltejs/kit";
import { sendChatMessage } from "../../../../../shared/live-demo-server";
import type { RequestHandler } from "./$types";

// Appends to the chat's `in` channel with the secret key, for a chat this server opened.
export const POST: RequestHandler = async ({ request }) => {
  if (!(await sendChatMessage(await request.json().catch(() => undefined)))) error(400, "Not a message of a chat this server opened");
  return json({ ok: true });
};
