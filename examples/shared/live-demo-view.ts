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

/** One message of a chat, and where its answer starts in the session's `out` data records. */
export interface ChatTurn {
  message: string;
  from: number;
}

/** The newest control record a session stream read (its `lastControl`). */
type Control = { subtype: string; seqNum: number } | undefined;

/** The turns with `message` added; its answer starts after the `recordCount` data records already there. */
export function withMessage(turns: ChatTurn[], message: string, recordCount: number): ChatTurn[] {
  return [...turns, { message, from: recordCount }];
}

/**
 * Turn `index` is complete once its `turn-complete` control record has been read. `out` holds, per
 * turn, its data records then one control record, so turn `index` starts at position
 * `from + index` of the channel and its control record sits at or after it. Read from the same
 * state as the records, so a complete turn always shows its whole answer.
 */
export function isTurnComplete(turns: ChatTurn[], index: number, lastControl: Control): boolean {
  return lastControl?.subtype === "turn-complete" && lastControl.seqNum >= turns[index]!.from + index;
}

/** The answer to turn `index`: its data records of `out`, up to where the next turn starts. */
export function answerOf(turns: ChatTurn[], index: number, records: unknown[]): string {
  return records.slice(turns[index]!.from, turns[index + 1]?.from).map(String).join("");
}

/** A new message may be sent: the chat is open and the previous turn is answered. */
export function canSend(turns: ChatTurn[], lastControl: Control, ready: boolean, sending: boolean): boolean {
  return ready && !sending && (turns.length === 0 || isTurnComplete(turns, turns.length - 1, lastControl));
}
