import type { FeedCheckpoint } from "../feeds/run-feed.js";
import type { RunsState, RunState } from "../state.js";
import type { AnyTask, Metadata, RealtimeRun } from "../types.js";

export type { FeedCheckpoint };

/** A run as read once on the server (`fetchRunState`), to start a run store from. */
export interface ServerRunState<TTask = AnyTask, TMetadata = Metadata> {
  run: RealtimeRun<TTask, TMetadata> | undefined;
  feed: FeedCheckpoint;
}

/** The runs of a tag or batch as read once on the server (`fetchRunsWithTagState`, `fetchBatchState`). */
export interface ServerRunsState<TTask = AnyTask, TMetadata = Metadata> {
  runs: RealtimeRun<TTask, TMetadata>[];
  feed: FeedCheckpoint;
}

// The data is there and the connection opens where a listener arrives (the browser), so the
// first render on the server and on the client is the same and never shows "loading".
const seeded = { error: undefined, status: "connecting", isLoading: false } as const;

export function runStateFrom<TTask, TMetadata>(server: ServerRunState<TTask, TMetadata>): RunState<TTask, TMetadata> {
  return { ...seeded, run: server.run && withDates(server.run) };
}

export function runsStateFrom<TTask, TMetadata>(server: ServerRunsState<TTask, TMetadata>): RunsState<TTask, TMetadata> {
  return { ...seeded, runs: server.runs.map(withDates) };
}

const DATE_FIELDS = ["createdAt", "updatedAt", "expiredAt", "finishedAt", "startedAt", "delayedUntil", "queuedAt"] as const;

/** A run that went through JSON on its way from the server (a fetch, a framework's payload) gets its dates back. */
function withDates<R extends RealtimeRun<any, any>>(run: R): R {
  let revived: R | undefined;
  for (const field of DATE_FIELDS) {
    const value: unknown = run[field];
    if (typeof value === "string") (revived ??= { ...run })[field] = new Date(value) as never;
  }
  return revived ?? run;
}

/**
 * Hands out the server's checkpoint once, and only to the feed it was read from (same path and
 * params): a later reconnect, or a store with other options, starts from the shape's beginning.
 */
export function resumeOnce(server: { feed: FeedCheckpoint } | undefined, path: string, params: Record<string, string>): () => FeedCheckpoint | undefined {
  let checkpoint = server && sameFeed(server.feed, path, params) ? server.feed : undefined;
  return () => {
    const once = checkpoint;
    checkpoint = undefined;
    return once;
  };
}

function sameFeed(feed: FeedCheckpoint, path: string, params: Record<string, string>): boolean {
  const sorted = (record: Record<string, string>) => JSON.stringify(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  return feed.path === path && sorted(feed.params) === sorted(params);
}
