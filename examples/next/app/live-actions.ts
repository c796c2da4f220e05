"use server";
import { openChat, sendChatMessage, startAnswer, type AnswerPageData, type ChatMessage, type ChatPageData } from "../../shared/live-demo-server";

/** The answer form's action: start a steerable answer on the server. */
export async function ask(form: FormData): Promise<AnswerPageData> {
  return startAnswer(form.get("prompt"));
}

export async function open(): Promise<ChatPageData> {
  return openChat();
}

/** Appends to the chat's `in` channel with the secret key, for a chat this server opened. */
export async function send(message: ChatMessage): Promise<void> {
  if (!(await sendChatMessage(message))) throw new Error("Not a message of a chat this server opened");
}
