// Solid primitives for Trigger.dev Realtime, bound to the shared stores of
// `@trigger-realtime/core`: arguments may be values or accessors, results are accessors.

export { TriggerAuthProvider, useTriggerAuth, type TriggerAuthOptions, type TriggerAuthProviderProps } from "./auth.js";
export { createRun } from "./create-run.js";
export { createRunWithStreams } from "./create-run-with-streams.js";
export { createRunsWithTag } from "./create-runs-with-tag.js";
export { createBatch } from "./create-batch.js";
export { createStream } from "./create-stream.js";
export { createTaskTrigger } from "./create-task-trigger.js";
export { createRealtimeTaskTrigger } from "./create-realtime-task-trigger.js";
export { createWaitToken } from "./create-wait-token.js";
export { createInputStreamSend } from "./create-input-stream-send.js";
export { createSessionAppend } from "./create-session-append.js";
export { createSessionStream, createSessionChannel } from "./create-session-stream.js";
export { createRunQuery } from "./create-run-query.js";
export type { MaybeAccessor } from "./maybe-accessor.js";
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
