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
export type * from "./types.js";

export { RealtimeError } from "@trigger-realtime/core";
export type {
  AnyTask,
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
