// Which shared store a subscription hook binds, from its arguments and auth: idle when disabled
// or without an id, an error store without a token, else the store its options call for. The
// options a hook takes become store options in one normalising step per kind, and the resolved
// key is the store's own key.
import type { RealtimeClient } from "../client.js";
import type {
  AuthOptions,
  BatchSubscriptionOptions,
  RunStoreOptions,
  RunSubscriptionOptions,
  RunsStoreOptions,
  RunsWithTagStoreOptions,
  RunsWithTagSubscriptionOptions,
  RunQuerySubscriptionOptions,
  SessionStreamSubscriptionOptions,
  StreamStoreOptions,
  StreamSubscriptionOptions,
  SubscriptionOptions,
} from "../options.js";
import type { RunsState, RunState, RunWithStreamsState, StreamState, StreamsRecord } from "../state.js";
import { idleRunQueryStore, idleRunsStore, idleRunStore, idleRunWithStreamsStore, idleSessionStreamStore, idleStreamStore } from "../stores/idle.js";
import { runQuery, runQueryKey, type RunQueryOptions, type RunQueryState } from "../stores/run-query.js";
import { sessionStream, sessionStreamKey, type SessionStreamOptions, type SessionStreamState } from "../stores/session-stream.js";
import { runStore, runStoreKey } from "../stores/run.js";
import { runWithStreamsStore, runWithStreamsStoreKey } from "../stores/run-with-streams.js";
import { batchStore, batchStoreKey, runsWithTagStore, runsWithTagStoreKey } from "../stores/runs.js";
import { streamStore, streamStoreKey } from "../stores/stream.js";
import type { SubscriptionStore } from "../stores/subscription.js";
import type { AnyTask, Metadata, TaskOutput, TaskPayload } from "../types.js";
import { clientFor, mergeAuth, missingTokenStore } from "./auth.js";
import type { Resolved } from "./resolved.js";

const throttleOf = (options: SubscriptionOptions) => options.throttleInMs ?? options.experimental_throttleInMs;

/** The one normalising step from a hook's options to store options, per kind. */
export const normalize = {
  run: (options: Omit<RunSubscriptionOptions, "onComplete">): RunStoreOptions => ({
    skipColumns: options.skipColumns,
    stopOnCompletion: options.stopOnCompletion,
    throttleInMs: throttleOf(options),
    initialState: options.initialState,
  }),
  runsWithTag: (options: RunsWithTagSubscriptionOptions): RunsWithTagStoreOptions => ({
    createdAt: options.createdAt,
    skipColumns: options.skipColumns,
    throttleInMs: throttleOf(options),
    initialState: options.initialState,
  }),
  batch: (options: BatchSubscriptionOptions): RunsStoreOptions => ({ skipColumns: options.skipColumns, throttleInMs: throttleOf(options), initialState: options.initialState }),
  stream: (options: StreamSubscriptionOptions<any>): StreamStoreOptions => ({
    startIndex: options.startIndex,
    // A numeric id (as the official hooks accept) and its text name the same part.
    lastEventId: options.lastEventId === undefined ? undefined : String(options.lastEventId),
    from: options.from,
    timeoutInSeconds: options.timeoutInSeconds,
    maxParts: options.maxParts,
    throttleInMs: throttleOf(options),
  }),
  // Callbacks stay out of the store: the hook attaches the latest ones (`sessionListener`).
  session: (options: SessionStreamSubscriptionOptions<any>): SessionStreamOptions => ({
    io: options.io,
    channel: options.channel,
    lastEventId: options.lastEventId,
    from: options.from,
    maxRecords: options.maxRecords,
    timeoutInSeconds: options.timeoutInSeconds,
    throttleInMs: throttleOf(options),
  }),
  runQuery: (options: RunQuerySubscriptionOptions): RunQueryOptions => ({
    refreshInterval: options.refreshInterval,
    revalidateOnFocus: options.revalidateOnFocus,
    revalidateOnReconnect: options.revalidateOnReconnect,
  }),
};

const hasNoId = (id: unknown) => id === undefined || id === null || id === "" || (Array.isArray(id) && id.length === 0);

function subscription<S, O extends SubscriptionOptions, W>(
  id: unknown,
  options: O,
  idle: SubscriptionStore<any>,
  toStore: (options: O) => W,
  key: (client: RealtimeClient, options: W) => string,
  create: (client: RealtimeClient, options: W) => SubscriptionStore<S>,
): Resolved<SubscriptionStore<S>> {
  if (options.enabled === false || hasNoId(id)) return { key: idle.key, create: () => idle };
  const client = clientFor(options);
  if (!client) return { key: "missing-token", create: () => missingTokenStore(idle) };
  const wire = toStore(options);
  return { key: key(client, wire), create: () => create(client, wire) };
}

export function resolveRun<TTask = AnyTask, TMetadata = Metadata>(
  runId: string | undefined,
  options: RunSubscriptionOptions<TTask, TMetadata> | undefined,
  auth?: AuthOptions,
): Resolved<SubscriptionStore<RunState<TTask, TMetadata>>> {
  return subscription(
    runId,
    mergeAuth(auth, options),
    idleRunStore,
    normalize.run,
    (client, wire) => runStoreKey(client, runId!, wire),
    (client, wire) => runStore<TTask, TMetadata>(client, runId!, wire),
  );
}

export function resolveRunWithStreams<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: string | undefined,
  options: RunSubscriptionOptions<TTask, TMetadata> | undefined,
  auth?: AuthOptions,
): Resolved<SubscriptionStore<RunWithStreamsState<TTask, TStreams, TMetadata>>> {
  return subscription(
    runId,
    mergeAuth(auth, options),
    idleRunWithStreamsStore,
    normalize.run,
    (client, wire) => runWithStreamsStoreKey(client, runId!, wire),
    (client, wire) => runWithStreamsStore<TTask, TStreams, TMetadata>(client, runId!, wire),
  );
}

export function resolveRunsWithTag<TTask = AnyTask, TMetadata = Metadata>(
  tags: string | string[] | undefined,
  options: RunsWithTagSubscriptionOptions | undefined,
  auth?: AuthOptions,
): Resolved<SubscriptionStore<RunsState<TTask, TMetadata>>> {
  return subscription(
    tags,
    mergeAuth(auth, options),
    idleRunsStore,
    normalize.runsWithTag,
    (client, wire) => runsWithTagStoreKey(client, tags!, wire),
    (client, wire) => runsWithTagStore<TTask, TMetadata>(client, tags!, wire),
  );
}

export function resolveBatch<TTask = AnyTask, TMetadata = Metadata>(
  batchId: string | undefined,
  options: BatchSubscriptionOptions | undefined,
  auth?: AuthOptions,
): Resolved<SubscriptionStore<RunsState<TTask, TMetadata>>> {
  return subscription(
    batchId,
    mergeAuth(auth, options),
    idleRunsStore,
    normalize.batch,
    (client, wire) => batchStoreKey(client, batchId!, wire),
    (client, wire) => batchStore<TTask, TMetadata>(client, batchId!, wire),
  );
}

export function resolveStream<TPart = unknown>(
  runId: string | undefined,
  streamKey: string | undefined,
  options: StreamSubscriptionOptions<TPart> | undefined,
  auth?: AuthOptions,
): Resolved<SubscriptionStore<StreamState<TPart>>> {
  const key = streamKey ?? "default";
  return subscription(
    runId,
    mergeAuth(auth, options),
    idleStreamStore,
    normalize.stream,
    (client, wire) => streamStoreKey(client, runId!, key, wire),
    (client, wire) => streamStore<TPart>(client, runId!, key, wire),
  );
}

export function resolveSessionStream<TRecord = unknown>(
  sessionIdOrExternalId: string | undefined,
  options: SessionStreamSubscriptionOptions<TRecord> | undefined,
  auth?: AuthOptions,
): Resolved<SubscriptionStore<SessionStreamState<TRecord>>> {
  return subscription(
    sessionIdOrExternalId,
    mergeAuth(auth, options),
    idleSessionStreamStore,
    normalize.session,
    (client, wire) => sessionStreamKey(client, sessionIdOrExternalId!, wire),
    (client, wire) => sessionStream<TRecord>(client, sessionIdOrExternalId!, wire),
  );
}

/** The run from the management API, typed from `typeof myTask`. */
export function resolveRunQuery<TTask = AnyTask>(
  runId: string | undefined,
  options: RunQuerySubscriptionOptions | undefined,
  auth?: AuthOptions,
): Resolved<SubscriptionStore<RunQueryState<TaskPayload<TTask>, TaskOutput<TTask>>>> {
  return subscription(
    runId,
    mergeAuth(auth, options),
    idleRunQueryStore,
    normalize.runQuery,
    (client, wire) => runQueryKey(client, runId!, wire),
    (client, wire) => runQuery<TaskPayload<TTask>, TaskOutput<TTask>>(client, runId!, wire),
  );
}

// The store for a hook's arguments, in one call (tests, and the realtime trigger's run).
export const selectRunStore = <TTask = AnyTask, TMetadata = Metadata>(runId: string | undefined, options?: RunSubscriptionOptions<TTask, TMetadata>) =>
  resolveRun<TTask, TMetadata>(runId, options).create();
export const selectRunWithStreamsStore = <TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: string | undefined,
  options?: RunSubscriptionOptions<TTask, TMetadata>,
) => resolveRunWithStreams<TTask, TStreams, TMetadata>(runId, options).create();
export const selectRunsWithTagStore = <TTask = AnyTask, TMetadata = Metadata>(tags: string | string[] | undefined, options?: RunsWithTagSubscriptionOptions) =>
  resolveRunsWithTag<TTask, TMetadata>(tags, options).create();
export const selectBatchStore = <TTask = AnyTask, TMetadata = Metadata>(batchId: string | undefined, options?: BatchSubscriptionOptions) =>
  resolveBatch<TTask, TMetadata>(batchId, options).create();
export const selectStreamStore = <TPart = unknown>(runId: string | undefined, streamKey?: string, options?: StreamSubscriptionOptions<TPart>) =>
  resolveStream<TPart>(runId, streamKey, options).create();
