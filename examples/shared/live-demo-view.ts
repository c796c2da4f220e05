// What the steered-answer and chat demos show, the same in every app: the words of the answer's
// state, and the turns of a chat built from the session's `out` records.

/** What a steerable answer says it is doing (`metadata.status`). */
export function steerPhase(metadata: Record<string, unknown> | undefined): string {
  return typeof metadata?.status === "string" ? metadata.status : "";
}

/** The answer may still be steered: it is answering and nothing is being sent. */
export function canSteer(phase: string, ready: boolean, sending: boolean): boolean {
  return ready && phase === "answering" && !sending;
}

/** The final output of a steerable answer, in a sentence. */
export function steerSummary(output: unknown): string {
  const { text, stopped, prompts } = (output ?? {}) as { text?: string; stopped?: boolean; prompts?: string[] };
  const count = prompts?.length ?? 0;
  return `${stopped ? "Stopped" : "Answered"} after ${count} prompt${count === 1 ? "" : "s"}, ${text?.length ?? 0} characters.`;
}

/** One message of a chat, and where its answer starts in the session's `out` records. */
export interface ChatTurn {
  message: string;
  from: number;
  complete: boolean;
}

/** The turns with `message` added; its answer starts after the `recordCount` records already there. */
export function withMessage(turns: ChatTurn[], message: string, recordCount: number): ChatTurn[] {
  return [...turns, { message, from: recordCount, complete: false }];
}

/** The turns with the oldest one still answering marked complete (a `turn-complete` control record arrived). */
export function withTurnComplete(turns: ChatTurn[]): ChatTurn[] {
  const index = turns.findIndex((turn) => !turn.complete);
  return index < 0 ? turns : turns.map((turn, at) => (at === index ? { ...turn, complete: true } : turn));
}

/** The answer to turn `index`: its records of `out`, up to where the next turn starts. */
export function answerOf(turns: ChatTurn[], index: number, records: unknown[]): string {
  return records.slice(turns[index]!.from, turns[index + 1]?.from).map(String).join("");
}

/** A new message may be sent: the chat is open and the previous turn is answered. */
export function canSend(turns: ChatTurn[], ready: boolean, sending: boolean): boolean {
  return ready && !sending && turns.every((turn) => turn.complete);
}
