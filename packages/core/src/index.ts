export { createRealtimeClient, getRealtimeClient, DEFAULT_BASE_URL, type RealtimeClient, type RealtimeClientOptions } from "./client.js";
export { RealtimeError, type RealtimeErrorCode } from "./errors.js";
export { isServer, setServerEnvironment } from "./environment.js";
export { snapshot } from "./snapshot.js";
export { onRunComplete, onStreamParts } from "./listen.js";

export type { SubscriptionStore } from "./stores/subscription.js";
export { runStore } from "./stores/run.js";
export { runsWithTagStore, batchStore } from "./stores/runs.js";
export { runWithStreamsStore } from "./stores/run-with-streams.js";
export { streamStore } from "./stores/stream.js";
export { idleRunStore, idleRunsStore, idleStreamStore, idleRunWithStreamsStore, idleSessionStreamStore, idleRunQueryStore } from "./stores/idle.js";

export { fetchRunState, fetchRunsWithTagState, fetchBatchState, type ServerRunStateOptions } from "./server-state.js";
export type { ServerRunState, ServerRunsState, FeedCheckpoint } from "./stores/server-snapshot.js";

export { subscribeToRun, subscribeToRunsWithTag, subscribeToBatch, subscribeToStream } from "./iterators.js";

export { taskTrigger, type TaskTriggerStore, type TriggerOptions } from "./actions/trigger.js";
export { batchTrigger, type BatchTriggerStore, type BatchTriggerItem } from "./actions/batch-trigger.js";
export { waitToken, type WaitTokenStore } from "./actions/wait-token.js";
export { realtimeTaskTrigger, type RealtimeTaskTriggerStore, type RealtimeTriggerState } from "./realtime-trigger.js";

export type * from "./state.js";
export type * from "./types.js";
export type * from "./options.js";

export { inputStreamSend, type InputStreamSendStore, type InputStreamSendState } from "./actions/input-stream-send.js";
export { sessionAppend, type SessionAppendStore, type SessionAppendState, type SessionAppendOptions } from "./actions/session-append.js";
export {
  sessionStream,
  listenSessionRecords,
  listenSessionControl,
  type SessionStreamOptions,
  type SessionStreamState,
  type SessionControlEvent,
} from "./stores/session-stream.js";
export { fetchRun, isFinalRun, type RetrievedRun, type RetrievedRunSummary } from "./queries/fetch-run.js";
export { runQuery, type RunQueryStore, type RunQueryState, type RunQueryOptions } from "./stores/run-query.js";
