import type { RealtimeClient } from "../client.js";
import type { RunWithStreamsState, StreamsRecord } from "../state.js";
import { PartsBuffer } from "../streams/parts-buffer.js";
import { readStream } from "../streams/read-stream.js";
import type { AnyTask, Metadata } from "../types.js";
import { subscriptionKey } from "./key.js";
import type { RunStoreOptions } from "../options.js";
import { followRun, initialRunState, runSettings } from "./run.js";
import { subscriptionStore, type SubscriptionStore } from "./subscription.js";

/** After the run finishes, its streams get this long to deliver their last parts. */
const STREAM_DRAIN_MS = 30_000;

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
      const feed = new AbortController();
      session.signal.addEventListener("abort", () => feed.abort(), { once: true });
      const buffers = new Map<string, PartsBuffer>();
      const open = new Set<Promise<void>>();
      let finished = false;
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

      const completeWhenDrained = () => {
        if (finished && open.size === 0) session.end("complete");
      };

      const follow = (key: string) => {
        const buffer = new PartsBuffer();
        buffers.set(key, buffer);
        const reading = readStream({
          client,
          runId,
          streamKey: key,
          signal: session.signal,
          onParts(parts) {
            buffer.append(parts);
            publishStreams();
          },
          onRetrying(error) {
            if (error) session.update({ error });
          },
        })
          .catch((error: Error) => session.update({ error } as Partial<State>))
          .finally(() => {
            open.delete(reading);
            completeWhenDrained();
          });
        open.add(reading);
      };

      followRun(session, client, runId, params, feed.signal, (run) => {
        for (const key of streamKeys(run)) if (!buffers.has(key)) follow(key);
        if (run.finishedAt && stopOnCompletion && !finished) {
          finished = true;
          feed.abort();
          const drain = setTimeout(() => session.end("complete"), STREAM_DRAIN_MS);
          session.signal.addEventListener("abort", () => clearTimeout(drain), { once: true });
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
