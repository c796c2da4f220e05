import type { ReadableAtom } from "nanostores";
import type { RealtimeClient } from "../client.js";
import { RealtimeError } from "../errors.js";
import { decodeAnswer } from "../decode/answers.js";
import { inputStreamAnswerSchema } from "../schemas/answers.js";
import { postJson } from "./post-json.js";
import { sendStore, type SendState } from "./send-store.js";

export type InputStreamSendState = SendState;

export interface InputStreamSendStore<TData = unknown> extends ReadableAtom<InputStreamSendState> {
  /**
   * Sends `data` to the run's input stream (`POST /realtime/v1/streams/:runId/input/:streamId`,
   * body `{ data }`). Resolves once the server accepted it; a failure rejects and is also put in
   * `error`. Needs a token with `write:inputStreams:<runId>` (the one a trigger returns has it).
   */
  send(data: TData): Promise<{ ok: true }>;
}

/** An atom for sending data to input stream `streamId` of run `runId`: `{ isReady, isLoading, error }` plus `send(data)`. */
export function inputStreamSend<TData = unknown>(client: RealtimeClient, streamId: string, runId: string | undefined): InputStreamSendStore<TData> {
  return sendStore(Boolean(runId), async (data: TData): Promise<{ ok: true }> => {
    if (!runId) throw new RealtimeError("bad_request", `Cannot send to input stream "${streamId}" without a run id`);
    const what = `input stream "${streamId}" of run ${runId}`;
    const { body } = await postJson<unknown>(
      client,
      `/realtime/v1/streams/${encodeURIComponent(runId)}/input/${encodeURIComponent(streamId)}`,
      { data },
      what,
    );
    return decodeAnswer(inputStreamAnswerSchema, body, `The server did not confirm the data sent to ${what}`);
  });
}
