import type { RealtimeClient } from "../client.js";
import { createRunDecoder } from "../decode/run.js";
import { openRunFeed } from "../feeds/run-feed.js";
import type { RunsStoreOptions, RunsWithTagStoreOptions } from "../options.js";
import type { RunsState } from "../state.js";
import type { AnyRealtimeRun, AnyTask, Metadata, RealtimeRun } from "../types.js";
import { feedStatusHandlers } from "./feed-status.js";
import { subscriptionKey } from "./key.js";
import { resumeOnce, runsStateFrom, type ServerRunsState } from "./server-snapshot.js";
import { runFeedParams } from "./run.js";
import { RunList } from "./run-list.js";
import { subscriptionStore, type SubscriptionStore } from "./subscription.js";

export type { RunsStoreOptions, RunsWithTagStoreOptions } from "../options.js";

/** Which feed a run list reads: its path, query and a name for error messages. */
export interface RunListFeed {
  path: string;
  params: Record<string, string>;
  what: string;
}

/** Where a run list comes from: its feed, and its kind in the key. */
interface RunListSource extends RunListFeed {
  kind: string;
}

/** The feed of runs tagged `tags` (any of them). */
export const runsWithTagFeed = (tags: string | string[], options: RunsWithTagStoreOptions): RunListFeed => tagSource(tags, options);

/** The feed of the batch's runs. */
export const batchFeed = (batchId: string, options: RunsStoreOptions): RunListFeed => batchSource(batchId, options);

function tagSource(tags: string | string[], { skipColumns, createdAt }: RunsWithTagStoreOptions): RunListSource {
  const tagList = (Array.isArray(tags) ? tags : [tags]).join(",");
  const params: Record<string, string> = { tags: tagList, ...runFeedParams(skipColumns) };
  if (createdAt) params.createdAt = createdAt;
  return { kind: "runs-with-tag", path: "/realtime/v1/runs", params, what: `runs tagged ${tagList}` };
}

function batchSource(batchId: string, { skipColumns }: RunsStoreOptions): RunListSource {
  return { kind: "batch", path: `/realtime/v1/batches/${encodeURIComponent(batchId)}`, params: runFeedParams(skipColumns), what: `batch ${batchId}` };
}

function runListKey(client: RealtimeClient, { kind, path, params }: RunListSource, { throttleInMs = 0, allowServer = false }: RunsStoreOptions): string {
  return subscriptionKey(kind, client.key, path, params, throttleInMs, allowServer);
}

/** Identity of `runsWithTagStore(client, tags, options)`. */
export const runsWithTagStoreKey = (client: RealtimeClient, tags: string | string[], options: RunsWithTagStoreOptions = {}) =>
  runListKey(client, tagSource(tags, options), options);

/** Identity of `batchStore(client, batchId, options)`. */
export const batchStoreKey = (client: RealtimeClient, batchId: string, options: RunsStoreOptions = {}) =>
  runListKey(client, batchSource(batchId, options), options);

export const initialRunsState: RunsState<any, any> = Object.freeze({
  runs: [],
  error: undefined,
  status: "idle",
  isLoading: true,
}) as unknown as RunsState<any, any>;

/** Every run carrying all of `tags`, live. */
export function runsWithTagStore<TTask = AnyTask, TMetadata = Metadata>(
  client: RealtimeClient,
  tags: string | string[],
  options: RunsWithTagStoreOptions = {},
): SubscriptionStore<RunsState<TTask, TMetadata>> {
  return runListStore(client, tagSource(tags, options), options);
}

/** Every run of the batch `batchId`, live. */
export function batchStore<TTask = AnyTask, TMetadata = Metadata>(
  client: RealtimeClient,
  batchId: string,
  options: RunsStoreOptions = {},
): SubscriptionStore<RunsState<TTask, TMetadata>> {
  return runListStore(client, batchSource(batchId, options), options);
}

function runListStore<TTask, TMetadata>(
  client: RealtimeClient,
  source: RunListSource,
  options: RunsStoreOptions,
): SubscriptionStore<RunsState<TTask, TMetadata>> {
  const { path, params, what } = source;
  const { throttleInMs = 0, allowServer = false, initialState } = options;
  const resume = resumeOnce(initialState, path, params);
  const initial: RunsState<TTask, TMetadata> = initialState ? runsStateFrom(initialState) : initialRunsState;
  return subscriptionStore(runListKey(client, source, options), {
    initial,
    throttleInMs,
    allowServer,
    connect(session) {
      const status = feedStatusHandlers(session);
      const list = new RunList<RealtimeRun<TTask, TMetadata>>();
      const from = resume();
      // The runs the checkpoint's rows stand for: later batches update them in place.
      if (from) list.apply({ reset: false, upserts: initial.runs as AnyRealtimeRun[], deletes: [] });
      openRunFeed({
        client,
        path,
        params,
        what,
        resume: from,
        signal: session.signal,
        decode: createRunDecoder(client),
        ...status,
        onBatch(batch) {
          list.apply(batch);
          status.delivered();
          session.update(() => ({ runs: list.snapshot(), status: "live", isLoading: false }));
        },
      });
    },
  });
}
