import type { RealtimeClient } from "../client.js";
import { createRunDecoder } from "../decode/run.js";
import { openRunFeed } from "../feeds/run-feed.js";
import type { RunsState } from "../state.js";
import type { AnyTask, Metadata, RealtimeRun, SkipColumn } from "../types.js";
import { feedStatusHandlers } from "./feed-status.js";
import { subscriptionKey } from "./key.js";
import { runFeedParams } from "./run.js";
import { RunList } from "./run-list.js";
import { subscriptionStore, type SubscriptionStore } from "./subscription.js";

export interface RunsStoreOptions {
  skipColumns?: SkipColumn[];
  throttleInMs?: number;
  allowServer?: boolean;
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
  const tagList = (Array.isArray(tags) ? tags : [tags]).join(",");
  const params: Record<string, string> = { tags: tagList, ...runFeedParams(options.skipColumns) };
  if (options.createdAt) params.createdAt = options.createdAt;
  return runListStore(client, "runs-with-tag", "/realtime/v1/runs", params, `runs tagged ${tagList}`, options);
}

/** Every run of the batch `batchId`, live. */
export function batchStore<TTask = AnyTask, TMetadata = Metadata>(
  client: RealtimeClient,
  batchId: string,
  options: RunsStoreOptions = {},
): SubscriptionStore<RunsState<TTask, TMetadata>> {
  const path = `/realtime/v1/batches/${encodeURIComponent(batchId)}`;
  return runListStore(client, "batch", path, runFeedParams(options.skipColumns), `batch ${batchId}`, options);
}

function runListStore<TTask, TMetadata>(
  client: RealtimeClient,
  kind: string,
  path: string,
  params: Record<string, string>,
  what: string,
  { throttleInMs = 0, allowServer = false }: RunsStoreOptions,
): SubscriptionStore<RunsState<TTask, TMetadata>> {
  return subscriptionStore(subscriptionKey(kind, client.key, path, params, throttleInMs, allowServer), {
    initial: initialRunsState,
    throttleInMs,
    allowServer,
    connect(session) {
      const status = feedStatusHandlers(session);
      const list = new RunList<RealtimeRun<TTask, TMetadata>>();
      openRunFeed({
        client,
        path,
        params,
        what,
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
