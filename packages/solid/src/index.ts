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
export type { MaybeAccessor } from "./maybe-accessor.js";
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
