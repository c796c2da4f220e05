import type { RealtimeClient } from "../client.js";
import type { SubscriptionStatus } from "../state.js";
import { fetchRun, isFinalRun, type RetrievedRun } from "../queries/fetch-run.js";
import { toError } from "../errors.js";
import { subscriptionKey } from "./key.js";
import { subscriptionStore, type SubscriptionStore } from "./subscription.js";

export interface RunQueryState<TPayload = any, TOutput = any> {
  /** `connecting` until the first answer, `live` while it may still change, `complete` once the run is final. */
  status: SubscriptionStatus;
  run: RetrievedRun<TPayload, TOutput> | undefined;
  /** Why the latest request failed (the previous `run` is kept). */
  error: Error | undefined;
  isError: boolean;
  /** No answer yet. */
  isLoading: boolean;
  /** A request is on its way (the first one or a revalidation). */
  isValidating: boolean;
}

export interface RunQueryOptions {
  /** Fetch again every N ms until the run is final. Default 0: once (plus focus and reconnect). */
  refreshInterval?: number;
  /** Fetch again when the page becomes visible or focused (browsers). Default true. */
  revalidateOnFocus?: boolean;
  /** Fetch again when the browser comes back online. Default true. */
  revalidateOnReconnect?: boolean;
  /** Fetch even when `isServer()` (scripts, tests). */
  allowServer?: boolean;
}

export interface RunQueryStore<TPayload = any, TOutput = any> extends SubscriptionStore<RunQueryState<TPayload, TOutput>> {
  /** Fetches again now (joins a request already on its way). */
  refresh(): Promise<void>;
}

export const initialRunQueryState: RunQueryState = Object.freeze({
  status: "idle",
  run: undefined,
  error: undefined,
  isError: false,
  isLoading: true,
  isValidating: false,
}) as RunQueryState;

// How each store fetches again, while it is connected.
const revalidators = new WeakMap<object, () => Promise<void>>();

// Requests on their way, per client and run: every store of that run waits on the same one.
const inflight = new Map<string, Promise<RetrievedRun>>();

function sharedFetch(client: RealtimeClient, runId: string): Promise<RetrievedRun> {
  const key = subscriptionKey(client.key, runId);
  let request = inflight.get(key);
  if (!request) {
    request = fetchRun(client, runId).finally(() => inflight.delete(key));
    inflight.set(key, request);
  }
  return request;
}

function querySettings({ refreshInterval = 0, revalidateOnFocus = true, revalidateOnReconnect = true, allowServer = false }: RunQueryOptions) {
  return { refreshInterval, revalidateOnFocus, revalidateOnReconnect, allowServer };
}

/** The key of the store `runQuery` gives for these arguments. */
export function runQueryKey(client: RealtimeClient, runId: string, options: RunQueryOptions = {}): string {
  const { refreshInterval, revalidateOnFocus, revalidateOnReconnect, allowServer } = querySettings(options);
  return subscriptionKey("run-query", client.key, runId, refreshInterval, revalidateOnFocus, revalidateOnReconnect, allowServer);
}

/**
 * The run from the management API (`GET /api/v3/runs/:id`), as `useRun` gives it: fetched when
 * the store gets its first listener, then again every `refreshInterval` until the run is final,
 * on focus and on reconnect. Listeners of equal arguments share the store, and every store of
 * the same run shares each request.
 */
export function runQuery<TPayload = any, TOutput = any>(client: RealtimeClient, runId: string, options: RunQueryOptions = {}): RunQueryStore<TPayload, TOutput> {
  const { refreshInterval, revalidateOnFocus, revalidateOnReconnect, allowServer } = querySettings(options);
  const store: SubscriptionStore<RunQueryState<TPayload, TOutput>> = subscriptionStore<RunQueryState<TPayload, TOutput>>(
    runQueryKey(client, runId, options),
    {
      initial: initialRunQueryState,
      allowServer,
      connect(session) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        let running: Promise<void> | undefined;
        const fetchOnce = async () => {
          clearTimeout(timer);
          session.update({ isValidating: true });
          try {
            const run = (await sharedFetch(client, runId)) as RetrievedRun<TPayload, TOutput>;
            if (session.signal.aborted) return;
            if (isFinalRun(run)) {
              session.update({ run, error: undefined, isError: false, isLoading: false, isValidating: false });
              return session.end("complete");
            }
            session.update({ run, error: undefined, isError: false, isLoading: false, isValidating: false, status: "live" });
          } catch (cause) {
            if (session.signal.aborted) return;
            const error = toError(cause);
            session.update((state) => ({ error, isError: true, isLoading: false, isValidating: false, status: state.run ? "live" : "error" }));
          }
          if (refreshInterval > 0) timer = setTimeout(() => void load(), refreshInterval);
        };
        // A revalidation while a request is on its way joins it, so one polling timer runs at a time.
        const load = () => (running ??= fetchOnce().finally(() => (running = undefined)));
        revalidators.set(store, load);
        const stopWatching = watchPage(revalidateOnFocus, revalidateOnReconnect, () => void load());
        session.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          stopWatching();
          revalidators.delete(store);
        });
        void load();
      },
    },
  );
  return Object.assign(store, { refresh: async () => revalidators.get(store)?.() });
}

/** Calls `revalidate` when the page becomes visible or focused, or the browser goes back online. */
function watchPage(onFocus: boolean, onReconnect: boolean, revalidate: () => void): () => void {
  const target = typeof window === "undefined" ? undefined : window;
  if (!target) return () => {};
  const visible = () => {
    if (typeof document === "undefined" || document.visibilityState !== "hidden") revalidate();
  };
  if (onFocus) {
    target.addEventListener("focus", visible);
    document.addEventListener("visibilitychange", visible);
  }
  if (onReconnect) target.addEventListener("online", revalidate);
  return () => {
    target.removeEventListener("focus", visible);
    document.removeEventListener("visibilitychange", visible);
    target.removeEventListener("online", revalidate);
  };
}
