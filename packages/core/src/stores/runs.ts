import type { RealtimeClient } from "../client.js";
import { createRunDecoder } from "../decode/run.js";
import { openRunFeed } from "../feeds/run-feed.js";
import type { RunsState } from "../state.js";
import type { AnyRealtimeRun, AnyTask, Metadata, RealtimeRun, SkipColumn } from "../types.js";
import { feedStatusHandlers } from "./feed-status.js";
import { subscriptionKey } from "./key.js";
import { resumeOnce, runsStateFrom, type ServerRunsState } from "./server-snapshot.js";
import { runFeedParams } from "./run.js";
import { RunList } from "./run-list.js";
import { subscriptionStore, type SubscriptionStore } from "./subscription.js";

export interface RunsStoreOptions {
  skipColumns?: SkipColumn[];
  throttleInMs?: number;
  allowServer?: boolean;
  /** The runs as read on the server (`fetchRunsWithTagState`, `fetchBatchState`): the state starts from them and the feed resumes from there. */
  initialState?: ServerRunsState<any, any>;
}

/** Which feed a run list reads: its path, query and a name for error messages. */
export interface RunListFeed {
  path: string;
  params: Record<string, string>;
  what: string;
}

export function runsWithTagFeed(tags: string | string[], options: RunsWithTagStoreOptions): RunListFeed {
  const tagList = (Array.isArray(tags) ? tags : [tags]).join(",");
  const params: Record<string, string> = { tags: tagList, ...runFeedParams(options.skipColumns) };
  if (options.createdAt) params.createdAt = options.createdAt;
  return { path: "/realtime/v1/runs", params, what: `runs tagged ${tagList}` };
}

export function batchFeed(batchId: string, options: RunsStoreOptions): RunListFeed {
  return { path: `/realtime/v1/batches/${encodeURIComponent(batchId)}`, params: runFeedParams(options.skipColumns), what: `batch ${batchId}` };
}

export interface RunsWithTagStoreOptions extends RunsStoreOptions {
  /** Only runs created within this window, e.g. `"1h"`, `"7d"` (the server caps it at 24h). */
  createdAt?: string;
}

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
  return runListStore(client, "runs-with-tag", runsWithTagFeed(tags, options), options);
}

/** Every run of the batch `batchId`, live. */
export function batchStore<TTask = AnyTask, TMetadata = Metadata>(
  client: RealtimeClient,
  batchId: string,
  options: RunsStoreOptions = {},
): SubscriptionStore<RunsState<TTask, TMetadata>> {
  return runListStore(client, "batch", batchFeed(batchId, options), options);
}

function runListStore<TTask, TMetadata>(
  client: RealtimeClient,
  kind: string,
  { path, params, what }: RunListFeed,
  { throttleInMs = 0, allowServer = false, initialState }: RunsStoreOptions,
): SubscriptionStore<RunsState<TTask, TMetadata>> {
  const resume = resumeOnce(initialState, path, params);
  const initial: RunsState<TTask, TMetadata> = initialState ? runsStateFrom(initialState) : initialRunsState;
  return subscriptionStore(subscriptionKey(kind, client.key, path, params, throttleInMs, allowServer), {
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
