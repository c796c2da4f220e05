// What every framework adapter needs between its options and a store: the option names of
// `@trigger.dev/react-hooks`, resolved once here so no adapter re-implements them.
import { atom } from "nanostores";
import { getRealtimeClient, type RealtimeClient, type RealtimeClientOptions } from "./client.js";
import { RealtimeError } from "./errors.js";
import type {
  AuthOptions,
  BatchSubscriptionOptions,
  RunSubscriptionOptions,
  RunsWithTagSubscriptionOptions,
  StreamSubscriptionOptions,
  SubscriptionOptions,
} from "./options.js";
import type { RunsState, RunState, RunWithStreamsState, StreamState, StreamsRecord } from "./state.js";
import { idleRunsStore, idleRunStore, idleRunWithStreamsStore, idleStreamStore } from "./stores/idle.js";
import { runStore } from "./stores/run.js";
import { runWithStreamsStore } from "./stores/run-with-streams.js";
import { batchStore, runsWithTagStore } from "./stores/runs.js";
import { streamStore } from "./stores/stream.js";
import type { SubscriptionStore } from "./stores/subscription.js";
import type { AnyTask, Metadata } from "./types.js";

/** Per-call auth wins over the context's, field by field. */
export function mergeAuth(context: AuthOptions | undefined, options: AuthOptions | undefined): AuthOptions {
  const merged: AuthOptions = { ...context };
  for (const [name, value] of Object.entries(options ?? {})) if (value !== undefined) (merged as Record<string, unknown>)[name] = value;
  return merged;
}

/** The shared client for these options, or an error store explaining why there is none. */
function clientFor(options: AuthOptions): RealtimeClient | undefined {
  if (!options.accessToken) return undefined;
  const { accessToken, baseURL, refreshAccessToken, previewBranch, fetch, headers } = options;
  return getRealtimeClient({ accessToken, baseURL, refreshAccessToken, previewBranch, fetch, headers } satisfies RealtimeClientOptions);
}

const missingTokenStores = new Map<unknown, SubscriptionStore<any>>();

/** An inert store whose state says the access token is missing (instead of throwing in render). */
function missingToken<S>(idle: SubscriptionStore<S>): SubscriptionStore<S> {
  let store = missingTokenStores.get(idle);
  if (!store) {
    const error = new RealtimeError(
      "unauthorized",
      "No access token: pass `accessToken`, provide one through the auth context, or set `enabled: false`",
    );
    store = Object.assign(atom({ ...idle.get(), status: "error", error }), { key: "missing-token", stop() {} });
    missingTokenStores.set(idle, store);
  }
  return store as SubscriptionStore<S>;
}

function pick<S>(
  id: unknown,
  options: SubscriptionOptions,
  idle: SubscriptionStore<any>,
  create: (client: RealtimeClient) => SubscriptionStore<S>,
): SubscriptionStore<S> {
  if (options.enabled === false || id === undefined || id === null || id === "" || (Array.isArray(id) && id.length === 0)) return idle;
  const client = clientFor(options);
  return client ? create(client) : missingToken(idle);
}

const throttleOf = (options: SubscriptionOptions) => options.throttleInMs ?? options.experimental_throttleInMs;

export function selectRunStore<TTask = AnyTask, TMetadata = Metadata>(
  runId: string | undefined,
  options: RunSubscriptionOptions<TTask, TMetadata> = {},
): SubscriptionStore<RunState<TTask, TMetadata>> {
  return pick(runId, options, idleRunStore, (client) =>
    runStore<TTask, TMetadata>(client, runId!, {
      skipColumns: options.skipColumns,
      stopOnCompletion: options.stopOnCompletion,
      throttleInMs: throttleOf(options),
      initialState: options.initialState,
    }),
  );
}

export function selectRunWithStreamsStore<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: string | undefined,
  options: RunSubscriptionOptions<TTask, TMetadata> = {},
): SubscriptionStore<RunWithStreamsState<TTask, TStreams, TMetadata>> {
  return pick(runId, options, idleRunWithStreamsStore, (client) =>
    runWithStreamsStore<TTask, TStreams, TMetadata>(client, runId!, {
      skipColumns: options.skipColumns,
      stopOnCompletion: options.stopOnCompletion,
      throttleInMs: throttleOf(options),
    }),
  );
}

export function selectRunsWithTagStore<TTask = AnyTask, TMetadata = Metadata>(
  tags: string | string[] | undefined,
  options: RunsWithTagSubscriptionOptions = {},
): SubscriptionStore<RunsState<TTask, TMetadata>> {
  return pick(tags, options, idleRunsStore, (client) =>
    runsWithTagStore<TTask, TMetadata>(client, tags!, {
      createdAt: options.createdAt,
      skipColumns: options.skipColumns,
      throttleInMs: throttleOf(options),
      initialState: options.initialState,
    }),
  );
}

export function selectBatchStore<TTask = AnyTask, TMetadata = Metadata>(
  batchId: string | undefined,
  options: BatchSubscriptionOptions = {},
): SubscriptionStore<RunsState<TTask, TMetadata>> {
  return pick(batchId, options, idleRunsStore, (client) =>
    batchStore<TTask, TMetadata>(client, batchId!, { skipColumns: options.skipColumns, throttleInMs: throttleOf(options), initialState: options.initialState }),
  );
}

export function selectStreamStore<TPart = unknown>(
  runId: string | undefined,
  streamKey: string | undefined,
  options: StreamSubscriptionOptions<TPart> = {},
): SubscriptionStore<StreamState<TPart>> {
  return pick(runId, options, idleStreamStore, (client) =>
    streamStore<TPart>(client, runId!, streamKey ?? "default", {
      startIndex: options.startIndex,
      // Adapters accept a numeric id, as the official hooks do; the wire wants text.
      lastEventId: options.lastEventId === undefined ? undefined : String(options.lastEventId),
      from: options.from,
      timeoutInSeconds: options.timeoutInSeconds,
      maxParts: options.maxParts,
      throttleInMs: throttleOf(options),
    }),
  );
}

/** The client for an action (trigger, wait token), or an error saying why there is none. */
export function actionClient(options: AuthOptions): RealtimeClient {
  const client = clientFor(options);
  if (!client) throw new RealtimeError("unauthorized", "No access token: pass `accessToken` or provide one through the auth context");
  return client;
}
