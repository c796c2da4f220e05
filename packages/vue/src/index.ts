// Vue composables for Trigger.dev Realtime, bound to the shared stores of `@trigger-realtime/core`.

export { TriggerRealtimePlugin, TriggerAuthKey, provideTriggerAuth, useTriggerAuth, type TriggerAuth } from "./auth.js";
export { useRun } from "./use-run.js";
export { useRunWithStreams } from "./use-run-with-streams.js";
export { useRunsWithTag } from "./use-runs-with-tag.js";
export { useBatch } from "./use-batch.js";
export { useStream } from "./use-stream.js";
export { useTaskTrigger } from "./use-task-trigger.js";
export { useRealtimeTaskTrigger } from "./use-realtime-task-trigger.js";
export { useWaitToken } from "./use-wait-token.js";
export { useInputStreamSend } from "./use-input-stream-send.js";
export { useSessionAppend } from "./use-session-append.js";
export { useSessionStream } from "./use-session-stream.js";
export { useSessionChannel } from "./use-session-channel.js";
export { useRunQuery } from "./use-run-query.js";
export type * from "./types.js";

export { RealtimeError } from "@trigger-realtime/core";
export type {
  AnySessionChannel,
  AnyTask,
  DefinedInputStream,
  InferInputStreamData,
  RetrievedRun,
  SessionChannelDefinition,
  SessionChannelName,
  SessionChannelRecord,
  SessionControlEvent,
  AuthOptions,
  DefinedStream,
  InferStreamPart,
  Metadata,
  RealtimeErrorCode,
  RealtimeRun,
  RunHandle,
  RunStatus,
  SkipColumn,
  StreamPart,
  SubscriptionStatus,
  TaskIdentifier,
  TaskOutput,
  TaskPayload,
  TriggerOptions,
} from "@trigger-realtime/core";
