'use client';
// React hooks for Trigger.dev Realtime: the names, options and return shapes of
// `@trigger.dev/react-hooks`, bound to the shared stores of `@trigger-realtime/core`.

export { TriggerAuthContext, useTriggerAuthContext, useTriggerAuthContextOptional, type TriggerAuthConfig } from "./context.js";
export { useRealtimeRun } from "./use-realtime-run.js";
export { useRealtimeRunWithStreams } from "./use-realtime-run-with-streams.js";
export { useRealtimeRunsWithTag } from "./use-realtime-runs-with-tag.js";
export { useRealtimeBatch } from "./use-realtime-batch.js";
export { useRealtimeStream } from "./use-realtime-stream.js";
export { useTaskTrigger } from "./use-task-trigger.js";
export { useRealtimeTaskTrigger, useRealtimeTaskTriggerWithStreams } from "./use-realtime-task-trigger.js";
export { useWaitToken } from "./use-wait-token.js";
export { useInputStreamSend } from "./use-input-stream-send.js";
export { useSessionAppend } from "./use-session-append.js";
export { useSessionStream } from "./use-session-stream.js";
export { useSessionStreamChannel } from "./use-session-stream-channel.js";
export { useRun } from "./use-run.js";
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
  DefinedStream,
  InferStreamPart,
  Metadata,
  RealtimeRun,
  RealtimeErrorCode,
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
