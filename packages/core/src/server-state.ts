// One read of a run feed on the server, decoded as the live stores decode it, for a server
// render to show the real state and hand it to the store in the browser (`initialState`).
import { createRealtimeClient, type RealtimeClientOptions } from "./client.js";
import { createRunDecoder } from "./decode/run.js";
import { openRunFeed, type FeedCheckpoint } from "./feeds/run-feed.js";
import { runFeedParams, runFeedPath } from "./stores/run.js";
import { RunList } from "./stores/run-list.js";
import { batchFeed, runsWithTagFeed, type RunListFeed, type RunsStoreOptions, type RunsWithTagStoreOptions } from "./stores/runs.js";
import type { ServerRunsState, ServerRunState } from "./stores/server-snapshot.js";
import type { AnyRealtimeRun, AnyTask, Metadata, SkipColumn } from "./types.js";

/** Must match the options the store in the browser uses, or it starts its feed over. */
export interface ServerRunStateOptions {
  skipColumns?: SkipColumn[];
}

/** The run `runId` as it is now. Rejects with a `RealtimeError` (unknown run, bad token, server down). */
export async function fetchRunState<TTask = AnyTask, TMetadata = Metadata>(
  auth: RealtimeClientOptions,
  runId: string,
  options: ServerRunStateOptions = {},
): Promise<ServerRunState<TTask, TMetadata>> {
  const feed = { path: runFeedPath(runId), params: runFeedParams(options.skipColumns), what: `run ${runId}` };
  const { runs, checkpoint } = await readFeedOnce(auth, feed);
  return { run: runs.findLast((run) => run.id === runId) as ServerRunState<TTask, TMetadata>["run"], feed: checkpoint };
}

/** Every run carrying all of `tags`, as they are now, oldest first. */
export async function fetchRunsWithTagState<TTask = AnyTask, TMetadata = Metadata>(
  auth: RealtimeClientOptions,
  tags: string | string[],
  options: Pick<RunsWithTagStoreOptions, "skipColumns" | "createdAt"> = {},
): Promise<ServerRunsState<TTask, TMetadata>> {
  return readRunList(auth, runsWithTagFeed(tags, options));
}

/** Every run of the batch `batchId`, as they are now, oldest first. */
export async function fetchBatchState<TTask = AnyTask, TMetadata = Metadata>(
  auth: RealtimeClientOptions,
  batchId: string,
  options: Pick<RunsStoreOptions, "skipColumns"> = {},
): Promise<ServerRunsState<TTask, TMetadata>> {
  return readRunList(auth, batchFeed(batchId, options));
}

async function readRunList<TTask, TMetadata>(auth: RealtimeClientOptions, feed: RunListFeed): Promise<ServerRunsState<TTask, TMetadata>> {
  const { runs, checkpoint } = await readFeedOnce(auth, feed);
  const list = new RunList();
  list.apply({ reset: false, upserts: runs, deletes: [] });
  return { runs: list.snapshot() as ServerRunsState<TTask, TMetadata>["runs"], feed: checkpoint };
}

/**
 * Reads the feed from its beginning to its first `up-to-date`, then closes it. A server render
 * cannot wait for retries, so any failure (or a row that does not decode) rejects.
 */
function readFeedOnce(auth: RealtimeClientOptions, feed: RunListFeed): Promise<{ runs: AnyRealtimeRun[]; checkpoint: FeedCheckpoint }> {
  const client = createRealtimeClient(auth);
  const controller = new AbortController();
  return new Promise((resolve, reject) => {
    let checkpoint: FeedCheckpoint | undefined;
    const fail = (error: Error | undefined) => {
      if (!error) return;
      controller.abort();
      reject(error);
    };
    openRunFeed({
      client,
      ...feed,
      signal: controller.signal,
      decode: createRunDecoder(client),
      onCheckpoint: (first) => (checkpoint ??= first),
      onBatch({ upserts }) {
        controller.abort();
        resolve({ runs: upserts, checkpoint: checkpoint! });
      },
      onInvalid: fail,
      onRetrying: fail,
      onFatal: fail,
    });
  });
}
