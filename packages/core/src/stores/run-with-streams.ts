import type { RealtimeClient } from "../client.js";
import type { RunWithStreamsState, StreamsRecord } from "../state.js";
import { PartsBuffer } from "../streams/parts-buffer.js";
import { readStream } from "../streams/read-stream.js";
import type { AnyTask, Metadata } from "../types.js";
import { subscriptionKey } from "./key.js";
import type { RunStoreOptions } from "../options.js";
import { followRun, initialRunState, runSettings } from "./run.js";
import { subscriptionStore, type SubscriptionStore } from "./subscription.js";

/**
 * After the run finishes, its feed stays open this long (as the SDK's `withStreams`), so late
 * metadata still arrives and its streams may deliver their last parts; then everything closes.
 */
const RUN_FEED_AFTER_FINISH_MS = 30_000;
/**
 * Servers do not end streams when the run finishes. A stream of a finished run is done once it
 * has caught up: a v2 batch received after the finish says so (its tail) and nothing followed
 * for TAIL_GRACE_MS (data already in flight lands meanwhile); without a tail (v1), once it has
 * been connected and quiet for SETTLED_QUIET_MS. A v2 stream known to be behind waits for its data.
 */
const SETTLED_QUIET_MS = 2_000;
const TAIL_GRACE_MS = 250;

export const initialRunWithStreamsState: RunWithStreamsState<any, any, any> = Object.freeze({
  ...initialRunState,
  streams: {},
}) as RunWithStreamsState<any, any, any>;

/** Identity of `runWithStreamsStore(client, runId, options)`. */
export function runWithStreamsStoreKey(client: RealtimeClient, runId: string, options: RunStoreOptions = {}): string {
  const { params, stopOnCompletion, throttleInMs, allowServer } = runSettings(options, 16);
  return subscriptionKey("run-with-streams", client.key, runId, params, stopOnCompletion, throttleInMs, allowServer);
}

/** The run `runId` and the parts of every stream it writes, live. Default throttle 16 ms. */
export function runWithStreamsStore<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  client: RealtimeClient,
  runId: string,
  options: RunStoreOptions = {},
): SubscriptionStore<RunWithStreamsState<TTask, TStreams, TMetadata>> {
  const { params, stopOnCompletion, throttleInMs, allowServer } = runSettings(options, 16);
  type State = RunWithStreamsState<TTask, TStreams, TMetadata>;
  return subscriptionStore<State>(runWithStreamsStoreKey(client, runId, options), {
    initial: initialRunWithStreamsState,
    throttleInMs,
    allowServer,
    connect(session) {
      const buffers = new Map<string, PartsBuffer>();
      const open = new Set<Promise<void>>();
      let finished = false;
      let finishedAt = 0;
      let streamsDirty = false;

      const publishStreams = () => {
        if (streamsDirty) return;
        streamsDirty = true;
        session.update((state) => {
          streamsDirty = false;
          const streams = { ...state.streams } as Record<string, unknown[]>;
          for (const [key, buffer] of buffers) if (buffer.hasPending) streams[key] = buffer.take().parts;
          return { streams } as Partial<State>;
        });
      };

      // Finished and every stream read to its end: complete, though the run feed stays open.
      const completeWhenDrained = () => {
        if (finished && open.size === 0) session.update({ status: "complete", isLoading: false } as Partial<State>);
      };

      /** Per open stream: whether it may stop once the run has finished. */
      const settled = new Map<string, () => boolean>();
      const stops = new Map<string, AbortController>();
      let settleTimer: ReturnType<typeof setInterval> | undefined;
      const stopSettled = () => {
        for (const [key, isSettled] of settled) if (isSettled()) stops.get(key)!.abort();
      };

      const follow = (key: string) => {
        const buffer = new PartsBuffer();
        buffers.set(key, buffer);
        // Aborted when this stream has settled, or with the session.
        const stop = new AbortController();
        session.signal.addEventListener("abort", () => stop.abort(), { once: true });
        stops.set(key, stop);
        let connected = false;
        let retrying: Error | undefined;
        /** What the latest v2 batch said about the tail, and when. */
        let tail: { caughtUp: boolean; at: number } | undefined;
        let lastActivity = Date.now();
        settled.set(key, () => {
          const quiet = Date.now() - Math.max(lastActivity, finishedAt);
          if (tail && tail.at >= finishedAt) return tail.caughtUp && quiet >= TAIL_GRACE_MS;
          if (tail && !tail.caughtUp) return false;
          return connected && quiet >= SETTLED_QUIET_MS;
        });
        const reading = readStream({
          client,
          runId,
          streamKey: key,
          signal: stop.signal,
          onParts(parts) {
            buffer.append(parts);
            publishStreams();
            lastActivity = Date.now();
          },
          onTail(caughtUp) {
            tail = { caughtUp, at: Date.now() };
          },
          onRetrying(error) {
            connected = !error;
            lastActivity = Date.now();
            const reported = retrying;
            retrying = error;
            if (error) session.update({ error });
            // Back again: the error this stream reported no longer holds (another one may).
            else if (reported) session.update((state) => (state.error === reported ? { error: undefined } : {}) as Partial<State>);
          },
        })
          .catch((error: Error) => session.update({ error } as Partial<State>))
          .finally(() => {
            open.delete(reading);
            settled.delete(key);
            completeWhenDrained();
          });
        open.add(reading);
      };

      followRun(session, client, runId, params, session.signal, (run) => {
        for (const key of streamKeys(run)) if (!buffers.has(key)) follow(key);
        if (run.finishedAt && stopOnCompletion && !finished) {
          finished = true;
          finishedAt = Date.now();
          const close = setTimeout(() => session.end("complete"), RUN_FEED_AFTER_FINISH_MS);
          settleTimer = setInterval(stopSettled, TAIL_GRACE_MS);
          session.signal.addEventListener(
            "abort",
            () => {
              clearTimeout(close);
              clearInterval(settleTimer);
            },
            { once: true },
          );
          completeWhenDrained();
        }
      });
    },
  });
}

/** Stream keys of a run: `metadata.$$streams` (older SDKs) wins over `realtimeStreams`. */
function streamKeys(run: { metadata?: unknown; realtimeStreams: string[] }): string[] {
  const legacy = (run.metadata as Record<string, unknown> | undefined)?.$$streams;
  if (Array.isArray(legacy) && legacy.length > 0 && legacy.every((key) => typeof key === "string")) return legacy as string[];
  return run.realtimeStreams;
}
