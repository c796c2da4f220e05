import { openChat, sendChatMessage, startAnswer, type ChatMessage } from "../../shared/live-demo-server";

/** Starts a steerable answer on the server. */
export async function ask(prompt: string) {
  "use server";
  return startAnswer(prompt);
}

export async function open() {
  "use server";
  return openChat();
}

/** Appends to the chat's `in` channel with the secret key, for a chat this server opened. */
export async function send(message: ChatMessage) {
  "use server";
  if (!(await sendChatMessage(message))) throw new Error("Not a message of a chat this server opened");
}
