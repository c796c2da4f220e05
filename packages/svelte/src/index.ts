// Svelte bindings for Trigger.dev Realtime over the shared stores of `@trigger-realtime/core`:
// store factories for `$store` syntax, and runes helpers with a reactive `current`.

export { setTriggerAuth, getTriggerAuth, type TriggerAuthOptions } from "./auth.js";
export { runStore, useRun } from "./run.js";
export { runWithStreamsStore, useRunWithStreams } from "./run-with-streams.js";
export { runsWithTagStore, useRunsWithTag } from "./runs-with-tag.js";
export { batchStore, useBatch } from "./batch.js";
export { streamStore, useStream } from "./stream.js";
export { taskTrigger, useTaskTrigger } from "./task-trigger.js";
export { realtimeTaskTrigger, useRealtimeTaskTrigger } from "./realtime-task-trigger.js";
export { waitToken, useWaitToken } from "./wait-token.js";
export { inputStreamSendStore, useInputStreamSend } from "./input-stream-send.js";
export { sessionAppendStore, useSessionAppend } from "./session-append.js";
export { sessionStreamStore, useSessionStream, sessionChannelStore, useSessionChannel } from "./session-stream.js";
export { runQueryStore, useRunQuery } from "./run-query.js";
export type * from "./types.js";

export { RealtimeError } from "@trigger-realtime/core";
export type {
  AnySessionChannel,
  AnyTask,
  DefinedInputStream,
  InferInputStreamData,
  InputStreamSendState,
  SessionAppendState,
  RetrievedRun,
  RunQueryState,
  SessionChannelDefinition,
  SessionChannelName,
  SessionChannelRecord,
  SessionControlEvent,
  SessionStreamState,
  DefinedStream,
  InferStreamPart,
  Metadata,
  RealtimeRun,
  RealtimeErrorCode,
  RealtimeTriggerState,
  RunHandle,
  RunsState,
  RunState,
  RunStatus,
  RunWithStreamsState,
  SkipColumn,
  StreamPart,
  StreamState,
  SubscriptionStatus,
  TaskIdentifier,
  TaskOutput,
  TaskPayload,
  TriggerOptions,
  TriggerState,
  WaitTokenState,
} from "@trigger-realtime/core";
