// The server side of the steered-answer and chat pages of the server-rendered examples (Next.js,
// Nuxt, SvelteKit, SolidStart): start a demo with the secret key, hand the page what it needs
// to follow it live, and append the chat's messages for it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessions } from "@trigger.dev/sdk";
import { startChat, startSteerableAnswer, type ChatSession, type SteerableAnswer } from "./live-demos";
import { apiUrl, configureSdk } from "./run-page";

export interface AnswerPageData extends SteerableAnswer {
  baseURL: string;
}

export interface ChatPageData extends ChatSession {
  baseURL: string;
  /** Proves to this server's send route that it opened this chat. */
  sendKey: string;
}

/** Milliseconds between two tokens of an answer: `LIVE_DEMO_ANSWER_DELAY_MS` (20–1000), else 80. */
function answerDelayMs(): number {
  const value = Number(process.env.LIVE_DEMO_ANSWER_DELAY_MS);
  return Number.isFinite(value) && value > 0 ? Math.min(1_000, Math.max(20, Math.round(value))) : 80;
}

export async function startAnswer(prompt: unknown): Promise<AnswerPageData> {
  configureSdk();
  return { ...(await startSteerableAnswer(String(prompt ?? "").trim(), [], answerDelayMs())), baseURL: apiUrl() };
}

export async function openChat(): Promise<ChatPageData> {
  configureSdk();
  const chat = await startChat();
  return { ...chat, baseURL: apiUrl(), sendKey: sendKeyOf(chat.sessionId) };
}

/** A key only this server can make: the send route appends only to chats it opened. */
function sendKeyOf(sessionId: string): string {
  return createHmac("sha256", process.env.TRIGGER_SECRET_KEY ?? "").update(`chat:${sessionId}`).digest("base64url");
}

function isSendKeyOf(sessionId: string, key: string): boolean {
  const expected = Buffer.from(sendKeyOf(sessionId));
  const given = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A chat message as the page posts it: `{ sessionId, sendKey, text }`. */
export interface ChatMessage {
  sessionId: string;
  sendKey: string;
  text: string;
}

/** Appends the message to the chat's `in` channel; `false` when the body is not a message of a chat this server opened. */
export async function sendChatMessage(body: unknown): Promise<boolean> {
  const { sessionId, sendKey, text } = (body ?? {}) as Partial<Record<keyof ChatMessage, unknown>>;
  if (typeof sessionId !== "string" || typeof sendKey !== "string" || typeof text !== "string") return false;
  const message = text.trim().slice(0, 500);
  if (!message || !isSendKeyOf(sessionId, sendKey)) return false;
  configureSdk();
  await sessions.open(sessionId).in.send(message);
  return true;
}
