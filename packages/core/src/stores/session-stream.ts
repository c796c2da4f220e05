import type { ReadableAtom } from "nanostores";
import type { RealtimeClient } from "../client.js";
import type { SubscriptionStatus } from "../state.js";
import { PartsBuffer } from "../streams/parts-buffer.js";
import { readStream } from "../streams/read-stream.js";
import type { StreamPart } from "../types.js";
import { subscriptionKey } from "./key.js";
import { subscriptionStore, type Session, type SubscriptionStore } from "./subscription.js";

/** A control record of a session channel (`trigger-control: <subtype>`), e.g. `turn-complete`. */
export interface SessionControlEvent {
  subtype: string;
  /** Every header of the record, the `trigger-control` one included. */
  headers: [string, string][];
  /** The record's position in the channel (its event id as a number). */
  seqNum: number;
  timestamp: number;
}

export interface SessionStreamState<TRecord = unknown> {
  status: SubscriptionStatus;
  error: Error | undefined;
  isLoading: boolean;
  /** The data records so far, oldest first; control records never appear here. */
  records: TRecord[];
  /** Cursor of the newest record seen (control records included): pass it back as `lastEventId` to resume. */
  lastEventId: string | undefined;
  /** The newest control record seen. */
  lastControl: SessionControlEvent | undefined;
}

export interface SessionStreamOptions<TRecord = unknown> {
  /** Which channel: `"out"` (what the task writes, default) or `"in"` (what clients send). */
  io?: "in" | "out";
  /** A named side channel of the session (`sessions.defineChannel` name) instead of its own `in`/`out` pair. */
  channel?: string;
  /** Resume after this cursor (a previous `lastEventId`); wins over `from`. */
  lastEventId?: string | number;
  /** `"latest"` starts at the newest record instead of replaying the channel. Default `"beginning"`. */
  from?: "beginning" | "latest";
  /** Keep only the newest N records (bounded memory). */
  maxRecords?: number;
  /** Publish at most one update per window. Default 16 ms. */
  throttleInMs?: number;
  /** The server ends the read after this many seconds without a record (its default: 60). */
  timeoutInSeconds?: number;
  /** Once per published update, with every record it adds, control records included (ids, chunks, headers). */
  onRecords?: (records: StreamPart<TRecord>[]) => void;
  /** At once, for each control record. */
  onControl?: (event: SessionControlEvent) => void;
  /** Connect even when `isServer()` (scripts, tests). */
  allowServer?: boolean;
}

const CONTROL_HEADER = "trigger-control";

interface SessionListeners {
  records: Set<(records: StreamPart<any>[]) => void>;
  control: Set<(event: SessionControlEvent) => void>;
}

// Callbacks live next to the store, not in its key: functions have no stable identity to share by.
const listeners = new WeakMap<ReadableAtom<unknown>, SessionListeners>();

function listenersOf(store: ReadableAtom<unknown>): SessionListeners {
  let found = listeners.get(store);
  if (!found) listeners.set(store, (found = { records: new Set(), control: new Set() }));
  return found;
}

/** Calls `listener` with the records (control ones included) each update of a session store adds. */
export function listenSessionRecords<TRecord>(store: ReadableAtom<SessionStreamState<TRecord>>, listener: (records: StreamPart<TRecord>[]) => void): () => void {
  const entry = (records: StreamPart<any>[]) => listener(records);
  listenersOf(store).records.add(entry);
  return () => listenersOf(store).records.delete(entry);
}

/** Calls `listener` for each control record a session store reads. */
export function listenSessionControl(store: ReadableAtom<SessionStreamState<any>>, listener: (event: SessionControlEvent) => void): () => void {
  const entry = (event: SessionControlEvent) => listener(event);
  listenersOf(store).control.add(entry);
  return () => listenersOf(store).control.delete(entry);
}

export const initialSessionStreamState: SessionStreamState<any> = Object.freeze({
  status: "idle",
  error: undefined,
  isLoading: true,
  records: [],
  lastEventId: undefined,
  lastControl: undefined,
}) as SessionStreamState<any>;

type WireOptions = Omit<SessionStreamOptions, "throttleInMs" | "allowServer" | "onRecords" | "onControl" | "io">;

/** Reads one channel into a session store: data records into `records`, control records apart. */
function followSession<TRecord>(
  session: Session<SessionStreamState<TRecord>>,
  client: RealtimeClient,
  sessionIdOrExternalId: string,
  io: "in" | "out",
  wire: WireOptions,
  callbacks: SessionListeners,
): void {
  const buffer = new PartsBuffer<TRecord>(wire.maxRecords);
  // Every record since the last publish, control ones included: what `onRecords` gets.
  let unpublished: StreamPart<TRecord>[] = [];
  let lastEventId = wire.lastEventId === undefined ? undefined : String(wire.lastEventId);
  let lastControl: SessionControlEvent | undefined;
  const channel = wire.channel ? `/channels/${encodeURIComponent(wire.channel)}` : "";
  readStream({
    client,
    runId: sessionIdOrExternalId,
    streamKey: io,
    path: `/realtime/v1/sessions/${encodeURIComponent(sessionIdOrExternalId)}${channel}/${io}`,
    what: `${wire.channel ? `channel "${wire.channel}" ` : ""}"${io}" of session ${sessionIdOrExternalId}`,
    lastEventId,
    from: wire.from,
    timeoutInSeconds: wire.timeoutInSeconds,
    signal: session.signal,
    onParts(parts) {
      const alreadyScheduled = unpublished.length > 0;
      for (const part of parts as StreamPart<TRecord>[]) {
        unpublished.push(part);
        const subtype = part.headers?.find(([name]) => name === CONTROL_HEADER)?.[1];
        if (subtype === undefined) {
          buffer.append([part]);
          continue;
        }
        lastControl = { subtype, headers: part.headers!, seqNum: Number.parseInt(part.id, 10), timestamp: part.timestamp };
        for (const listener of [...callbacks.control]) listener(lastControl);
      }
      lastEventId = parts[parts.length - 1]!.id;
      // One publish per window: the patch reads what has gathered when the window closes.
      if (alreadyScheduled) return;
      let batch: StreamPart<TRecord>[] = [];
      session.update(
        () => {
          batch = unpublished;
          unpublished = [];
          return { records: buffer.take().parts, lastEventId, lastControl, status: "live", isLoading: false, error: undefined };
        },
        () => {
          for (const listener of [...callbacks.records]) listener(batch);
        },
      );
    },
    onRetrying(error) {
      session.update(error ? { error, status: "connecting" } : { error: undefined, status: "live", isLoading: false });
    },
  }).then(
    () => session.end("complete"),
    (error: Error) => session.end("error", error),
  );
}

function sessionSettings<TRecord>({ throttleInMs = 16, allowServer = false, onRecords, onControl, io = "out", ...wire }: SessionStreamOptions<TRecord>) {
  return { throttleInMs, allowServer, onRecords, onControl, io, wire };
}

/** The key of the store `sessionStream` gives for these arguments (callbacks never count). */
export function sessionStreamKey(client: RealtimeClient, sessionIdOrExternalId: string, options: SessionStreamOptions<any> = {}): string {
  const { throttleInMs, allowServer, io, wire } = sessionSettings(options);
  return subscriptionKey("session", client.key, sessionIdOrExternalId, io, wire, throttleInMs, allowServer);
}

/**
 * One channel of a session (`GET /realtime/v1/sessions/:session/:io`), live: data records in
 * `records`, control records in `lastControl` and `onControl`. A dropped connection resumes after
 * the last record seen, so none is lost or doubled. Equal arguments share one store and one
 * connection; `onRecords`/`onControl` stay attached while that connection lasts.
 */
export function sessionStream<TRecord = unknown>(
  client: RealtimeClient,
  sessionIdOrExternalId: string,
  options: SessionStreamOptions<TRecord> = {},
): SubscriptionStore<SessionStreamState<TRecord>> {
  const { throttleInMs, allowServer, onRecords, onControl, io, wire } = sessionSettings(options);
  const store: SubscriptionStore<SessionStreamState<TRecord>> = subscriptionStore(
    sessionStreamKey(client, sessionIdOrExternalId, options),
    {
      initial: initialSessionStreamState,
      throttleInMs,
      allowServer,
      connect(session) {
        const callbacks = listenersOf(store);
        session.signal.addEventListener("abort", () => {
          if (onRecords) callbacks.records.delete(onRecords);
          if (onControl) callbacks.control.delete(onControl);
        });
        followSession(session, client, sessionIdOrExternalId, io, wire, callbacks);
      },
    },
  );
  if (onRecords) listenersOf(store).records.add(onRecords);
  if (onControl) listenersOf(store).control.add(onControl);
  return store;
}
