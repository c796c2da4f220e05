import { sendChatMessage } from "../../../../shared/live-demo-server";

// Appends to the chat's `in` channel with the secret key, for a chat this server opened.
export default defineEventHandler(async (event) => {
  if (!(await sendChatMessage(await readBody(event)))) throw createError({ statusCode: 400, statusMessage: "Not a message of a chat this server opened" });
  return { ok: true };
});
