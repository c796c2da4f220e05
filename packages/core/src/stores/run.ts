import type { RealtimeClient } from "../client.js";
import { createRunDecoder } from "../decode/run.js";
import { openRunFeed, type FeedCheckpoint } from "../feeds/run-feed.js";
import type { RunState } from "../state.js";
import type { AnyTask, Metadata, SkipColumn } from "../types.js";
import { feedStatusHandlers } from "./feed-status.js";
import { subscriptionKey } from "./key.js";
import { resumeOnce, runStateFrom, type ServerRunState } from "./server-snapshot.js";
import { subscriptionStore, type Session, type SubscriptionStore } from "./subscription.js";

export interface RunStoreOptions {
  /** Columns the server leaves out (e.g. `payload`, `output` for a status-only view). */
  skipColumns?: SkipColumn[];
  /** Close the connection once the run has finished. Default true. */
  stopOnCompletion?: boolean;
  /** Publish at most one update per window. Default 0 (every change). */
  throttleInMs?: number;
  /** Connect even on the server (used by the async iterators). */
  allowServer?: boolean;
  /** The run as read on the server (`fetchRunState`): the state starts from it and the feed resumes from there. */
  initialState?: ServerRunState<any, any>;
}

export const initialRunState: RunState<any, any> = Object.freeze({
  run: undefined,
  error: undefined,
  status: "idle",
  isLoading: true,
}) as RunState<any, any>;

export function runFeedParams(skipColumns: SkipColumn[] | undefined): Record<string, string> {
  return skipColumns?.length ? { skipColumns: [...skipColumns].sort().join(",") } : {};
}

export const runFeedPath = (runId: string) => `/realtime/v1/runs/${encodeURIComponent(runId)}`;

/** The run `runId`, live. */
export function runStore<TTask = AnyTask, TMetadata = Metadata>(
  client: RealtimeClient,
  runId: string,
  options: RunStoreOptions = {},
): SubscriptionStore<RunState<TTask, TMetadata>> {
  const { skipColumns, stopOnCompletion = true, throttleInMs = 0, allowServer = false, initialState } = options;
  const params = runFeedParams(skipColumns);
  const resume = resumeOnce(initialState, runFeedPath(runId), params);
  return subscriptionStore(subscriptionKey("run", client.key, runId, params, stopOnCompletion, throttleInMs, allowServer), {
    initial: initialState ? runStateFrom(initialState) : initialRunState,
    throttleInMs,
    allowServer,
    connect(session) {
      followRun(session, client, runId, params, session.signal, (run) => {
        if (run.finishedAt && stopOnCompletion) session.end("complete");
      }, resume());
    },
  });
}

/**
 * Opens the feed of run `runId` into a session whose state has `run`, and hands each new version
 * of the run to `onRun`. A must-refetch with no row clears the run; a good row clears an earlier
 * decoding error.
 */
export function followRun<S extends RunState<any, any>>(
  session: Session<S>,
  client: RealtimeClient,
  runId: string,
  params: Record<string, string>,
  signal: AbortSignal,
  onRun: (run: S["run"] & object) => void,
  resume?: FeedCheckpoint,
): void {
  const status = feedStatusHandlers(session);
  openRunFeed({
    client,
    path: runFeedPath(runId),
    resume,
    params,
    what: `run ${runId}`,
    signal,
    decode: createRunDecoder(client),
    ...status,
    onBatch({ reset, upserts }) {
      const run = upserts.findLast((candidate) => candidate.id === runId) as (S["run"] & object) | undefined;
      status.delivered();
      // A run with streams may already be complete while its feed stays open for late changes.
      session.update((state) => ({ run: run ?? (reset ? undefined : state.run), status: state.status === "complete" ? "complete" : "live", isLoading: false, error: run ? undefined : state.error }) as Partial<S>);
      if (run) onRun(run);
    },
  });
}
