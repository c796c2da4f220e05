import type { ReadableAtom } from "nanostores";
import type { RealtimeClient } from "../client.js";
import { RealtimeError } from "../errors.js";
import { decodeAnswer } from "../decode/answers.js";
import { inputStreamAnswerSchema } from "../schemas/answers.js";
import { postJson, randomUUID } from "./post-json.js";
import { sendStore, type SendState } from "./send-store.js";

export type SessionAppendState = SendState;

export interface SessionAppendOptions {
  /** A named side channel of the session (`sessions.defineChannel` name) instead of its own `in`. */
  channel?: string;
}

export interface SessionAppendStore<TData = unknown> extends ReadableAtom<SessionAppendState> {
  /**
   * Appends `data` as one record to the session's `in` channel
   * (`POST /realtime/v1/sessions/:session/in/append`): a string as it is, anything else as JSON,
   * as the SDK's `sessions.open(id).in.send` does. A retry lands once (one `X-Part-Id` per call).
   * Resolves once the server accepted it; a failure rejects and is also put in `error`. Needs a
   * token with `write:sessions:<session>` (the one `sessions.start` returns has it).
   */
  send(data: TData): Promise<{ ok: true }>;
}

/** An atom for appending to the `in` channel of a session: `{ isReady, isLoading, error }` plus `send(data)`. */
export function sessionAppend<TData = unknown>(
  client: RealtimeClient,
  sessionIdOrExternalId: string | undefined,
  options: SessionAppendOptions = {},
): SessionAppendStore<TData> {
  const channel = options.channel ? `/channels/${encodeURIComponent(options.channel)}` : "";
  return sendStore(Boolean(sessionIdOrExternalId), async (data: TData): Promise<{ ok: true }> => {
    if (!sessionIdOrExternalId) throw new RealtimeError("bad_request", "Cannot append to a session without its id");
    const what = `${options.channel ? `channel "${options.channel}" ` : ""}"in" of session ${sessionIdOrExternalId}`;
    const { body } = await postJson<unknown>(
      client,
      `/realtime/v1/sessions/${encodeURIComponent(sessionIdOrExternalId)}${channel}/in/append`,
      undefined,
      what,
      { body: typeof data === "string" ? data : JSON.stringify(data), headers: { "x-part-id": randomUUID() } },
    );
    return decodeAnswer(inputStreamAnswerSchema, body, `The server did not confirm the record appended to ${what}`);
  });
}
