// `@trigger-realtime/core/adapter`: what the framework adapters share, not part of the user API.
// Each hook kind resolves its atom from the hook's arguments and auth and owns its rules
// (callbacks, call forms, realtime trigger, wait token, when an action atom is made again);
// an adapter binds the atom to its framework and nothing more.
export type { Hook, HookFactory, Resolved } from "./resolved.js";
export { keyedMemo } from "./resolved.js";
export { mergeAuth } from "./auth.js";
export { streamArguments, type StreamArguments } from "./stream-arguments.js";
export {
  runHook,
  runWithStreamsHook,
  runsWithTagHook,
  batchHook,
  streamHook,
  taskTriggerHook,
  realtimeTaskTriggerHook,
  waitTokenHook,
  inputStreamSendHook,
  sessionAppendHook,
  sessionStreamHook,
  sessionChannelHook,
  runQueryHook,
  type InputStreamSendArgs,
  type SessionAppendArgs,
  type SessionStreamArgs,
  type SessionChannelArgs,
  type RunQueryArgs,
  type RunArgs,
  type RunsWithTagArgs,
  type BatchArgs,
  type StreamArgs,
  type TaskTriggerArgs,
  type RealtimeTaskTriggerArgs,
  type WaitTokenArgs,
} from "./hooks.js";
export {
  resolveRun,
  resolveRunWithStreams,
  resolveRunsWithTag,
  resolveBatch,
  resolveStream,
  resolveSessionStream,
  resolveRunQuery,
  selectRunStore,
  selectRunWithStreamsStore,
  selectRunsWithTagStore,
  selectBatchStore,
  selectStreamStore,
} from "./subscriptions.js";
export { resolveTaskTrigger, resolveRealtimeTaskTrigger, resolveWaitToken, resolveInputStreamSend, resolveSessionAppend, unavailableAction, type UnavailableAction } from "./actions.js";
export { snapshot } from "../snapshot.js";
