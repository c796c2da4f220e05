import type { RealtimeClient } from "../client.js";
import { createRunDecoder } from "../decode/run.js";
import { openRunFeed, type FeedCheckpoint } from "../feeds/run-feed.js";
import type { RunStoreOptions } from "../options.js";
import type { RunState } from "../state.js";
import type { AnyTask, Metadata, SkipColumn } from "../types.js";
import { feedStatusHandlers } from "./feed-status.js";
import { subscriptionKey } from "./key.js";
import { resumeOnce, runStateFrom, type ServerRunState } from "./server-snapshot.js";
import { subscriptionStore, type Session, type SubscriptionStore } from "./subscription.js";

export type { RunStoreOptions } from "../options.js";

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

/** A run store's options with every default filled in: what its key and its feed read. */
export function runSettings({ skipColumns, stopOnCompletion = true, throttleInMs, allowServer = false }: RunStoreOptions, defaultThrottleMs: number) {
  return { params: runFeedParams(skipColumns), stopOnCompletion, throttleInMs: throttleInMs ?? defaultThrottleMs, allowServer };
}

/** Identity of `runStore(client, runId, options)`: equal keys share one atom and one connection. */
export function runStoreKey(client: RealtimeClient, runId: string, options: RunStoreOptions = {}): string {
  const { params, stopOnCompletion, throttleInMs, allowServer } = runSettings(options, 0);
  return subscriptionKey("run", client.key, runId, params, stopOnCompletion, throttleInMs, allowServer);
}

/** The run `runId`, live. */
export function runStore<TTask = AnyTask, TMetadata = Metadata>(
  client: RealtimeClient,
  runId: string,
  options: RunStoreOptions = {},
): SubscriptionStore<RunState<TTask, TMetadata>> {
  const { params, stopOnCompletion, throttleInMs, allowServer } = runSettings(options, 0);
  const { initialState } = options;
  const resume = resumeOnce(initialState, runFeedPath(runId), params);
  return subscriptionStore(runStoreKey(client, runId, options), {
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
