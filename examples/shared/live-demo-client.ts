// What the steered-answer and chat pages of the server-rendered examples compute from what they
// read live: the answer's status, and the chat's turns (the `out` channel cut at each
// `turn-complete` control record, next to the messages read from `in`).
import type { StreamPart } from "@trigger-realtime/core";
import type { ChatMessage } from "./live-demo-server";
import { steerPhase } from "./live-demo-view";

/** What a steerable answer says it is doing (`metadata.status`), else the run's status. */
export function answerStatus(run: { status?: string; metadata?: Record<string, unknown> } | undefined): string {
  return steerPhase(run?.metadata) || (run?.status ?? "QUEUED");
}

/** The final answer in a steerable answer's output. */
export function answerOutput(output: unknown): string | undefined {
  const text = (output as { text?: unknown } | undefined)?.text;
  return typeof text === "string" ? text : undefined;
}

export interface AnswerTurn {
  text: string;
  complete: boolean;
}

/** The answers on a chat's `out` channel so far; `lastSeq` keeps a record that is read again from counting twice. */
export interface Transcript {
  lastSeq: number;
  answers: AnswerTurn[];
}

export const emptyTranscript: Transcript = { lastSeq: -1, answers: [] };

/** The transcript with the records of one update added (from `onRecords`, control records included). */
export function addRecords(transcript: Transcript, records: StreamPart<unknown>[]): Transcript {
  let { lastSeq } = transcript;
  const answers = transcript.answers.map((answer) => ({ ...answer }));
  for (const record of records) {
    const seq = Number.parseInt(record.id, 10);
    if (seq <= lastSeq) continue;
    lastSeq = seq;
    let current = answers[answers.length - 1];
    if (!current || current.complete) answers.push((current = { text: "", complete: false }));
    if (record.headers?.some(([name, value]) => name === "trigger-control" && value === "turn-complete")) current.complete = true;
    else current.text += typeof record.chunk === "string" ? record.chunk : JSON.stringify(record.chunk);
  }
  return { lastSeq, answers };
}

export interface ChatTurn {
  message: string;
  answer: string;
  complete: boolean;
}

/** Each message read from `in` with the answer to it. */
export function chatTurns(messages: unknown[], transcript: Transcript): ChatTurn[] {
  return messages.map((message, index) => ({
    message: typeof message === "string" ? message : JSON.stringify(message),
    answer: transcript.answers[index]?.text ?? "",
    complete: transcript.answers[index]?.complete ?? false,
  }));
}

/** Posts a message to the app's own send route, which appends it to the chat's `in` channel. */
export async function postChatMessage(path: string, message: ChatMessage): Promise<void> {
  const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message) });
  if (!response.ok) throw new Error(`Sending the message failed (${response.status})`);
}
