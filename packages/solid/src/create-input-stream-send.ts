import { inputStreamSendHook } from "@trigger-realtime/core/adapter";
import type { DefinedInputStream, InferInputStreamData } from "@trigger-realtime/core";
import { bindHook, field } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { ActionOptions, InputStreamSendResult } from "./types.js";

type RunId = MaybeAccessor<string | undefined>;
type Options = MaybeAccessor<ActionOptions | undefined>;

/** Sends to a `streams.input<T>()` stream of run `runId`, typed from its definition. */
export function createInputStreamSend<TStream extends DefinedInputStream>(stream: MaybeAccessor<TStream>, runId: RunId, options?: Options): InputStreamSendResult<InferInputStreamData<TStream>>;
/** Sends to input stream `streamId` of run `runId`; `isReady()` once both a run id and a token are given. */
export function createInputStreamSend<TData = unknown>(streamId: MaybeAccessor<string>, runId: RunId, options?: Options): InputStreamSendResult<TData>;
export function createInputStreamSend<TData>(stream: MaybeAccessor<string | DefinedInputStream>, runId: RunId, options?: Options): InputStreamSendResult<TData> {
  const { store, state } = bindHook(inputStreamSendHook<TData>, () => [access(stream), access(runId), access(options)] as const);
  return {
    send: (data: TData) => store().send(data),
    isLoading: field(state, "isLoading"),
    isReady: field(state, "isReady"),
    error: field(state, "error"),
  };
}
