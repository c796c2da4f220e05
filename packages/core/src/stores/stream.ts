import type { ReadableAtom } from "nanostores";
import type { RealtimeClient } from "../client.js";
import type { StreamStoreOptions } from "../options.js";
import type { StreamState } from "../state.js";
import type { StreamPart } from "../types.js";
import { PartsBuffer } from "../streams/parts-buffer.js";
import { readStream } from "../streams/read-stream.js";
import { subscriptionKey } from "./key.js";
import { subscriptionStore, type Session, type SubscriptionStore } from "./subscription.js";

export type { StreamStoreOptions } from "../options.js";

export const initialStreamState: StreamState<any> = Object.freeze({
  parts: [],
  lastEventId: undefined,
  error: undefined,
  status: "idle",
  isLoading: true,
}) as unknown as StreamState<any>;

type PartsListener = (parts: StreamPart<any>[]) => void;

// The parts of each update (with ids and timestamps) go to their listeners, not into the state:
// a state keeps them for as long as anyone holds it (a framework's previous render does), and on
// a fast stream one update can carry a large share of all parts.
const partsListeners = new WeakMap<ReadableAtom<unknown>, Set<PartsListener>>();

/** Calls `listener` with the parts each update of a stream store adds, right after it is published. */
export function listenStreamParts<TPart>(store: ReadableAtom<StreamState<TPart>>, listener: (parts: StreamPart<TPart>[]) => void): () => void {
  let listeners = partsListeners.get(store);
  if (!listeners) partsListeners.set(store, (listeners = new Set()));
  // Its own entry, so that the same function added twice is also removed once per call.
  const entry: PartsListener = (parts) => listener(parts);
  listeners.add(entry);
  return () => listeners.delete(entry);
}

/** Identity of `streamStore(client, runId, streamKey, options)`. */
export function streamStoreKey(client: RealtimeClient, runId: string, streamKey = "default", options: StreamStoreOptions = {}): string {
  const { throttleInMs = 16, allowServer = false, ...wire } = options;
  return subscriptionKey("stream", client.key, runId, streamKey, wire, throttleInMs, allowServer);
}

/** The parts of stream `streamKey` of run `runId`, live. */
export function streamStore<TPart = unknown>(
  client: RealtimeClient,
  runId: string,
  streamKey = "default",
  options: StreamStoreOptions = {},
): SubscriptionStore<StreamState<TPart>> {
  const { throttleInMs = 16, allowServer = false, ...wire } = options;
  const store: SubscriptionStore<StreamState<TPart>> = subscriptionStore(
    streamStoreKey(client, runId, streamKey, options),
    {
      initial: initialStreamState,
      throttleInMs,
      allowServer,
      connect(session) {
        followStream(session, client, runId, streamKey, wire, (parts) => {
          for (const listener of partsListeners.get(store) ?? []) listener(parts);
        });
      },
    },
  );
  return store;
}

/** Reads one stream into a session whose state has `parts` and `lastEventId`; `published` gets each update's parts. */
function followStream<TPart>(
  session: Session<StreamState<TPart>>,
  client: RealtimeClient,
  runId: string,
  streamKey: string,
  options: Omit<StreamStoreOptions, "throttleInMs" | "allowServer">,
  published: (parts: StreamPart<TPart>[]) => void,
): void {
  const buffer = new PartsBuffer<TPart>(options.maxParts);
  let lastEventId = options.lastEventId;
  readStream({
    client,
    runId,
    streamKey,
    lastEventId,
    startIndex: options.startIndex,
    from: options.from,
    timeoutInSeconds: options.timeoutInSeconds,
    signal: session.signal,
    onParts(parts) {
      // One publish per window: the patch reads the buffer when the window closes.
      const alreadyScheduled = buffer.hasPending;
      buffer.append(parts as never);
      lastEventId = parts[parts.length - 1]!.id;
      if (!alreadyScheduled) {
        let latest: StreamPart<TPart>[] = [];
        session.update(
          () => {
            const taken = buffer.take();
            latest = taken.latest;
            return { parts: taken.parts, lastEventId, status: "live", isLoading: false, error: undefined };
          },
          () => published(latest),
        );
      }
    },
    onRetrying(error) {
      session.update(error ? { error, status: "connecting" } : { error: undefined, status: "live", isLoading: false });
    },
  }).then(
    () => session.end("complete"),
    (error: Error) => session.end("error", error),
  );
}
