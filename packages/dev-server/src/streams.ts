import { randomId } from "./ids.js";

/** The two stream backends of Trigger.dev: v1 (Redis) and v2 (S2). A run is stamped with one when it is triggered. */
export type StreamsVersion = "v1" | "v2";

/** Reads `x-trigger-realtime-streams-version`: only an explicit `v2` asks for v2, as the webapp resolves it. */
export function streamsVersionOf(header: string | string[] | undefined, fallback: StreamsVersion): StreamsVersion {
  if (header === undefined) return fallback;
  return header === "v2" ? "v2" : "v1";
}

/** One stored part. */
export interface StreamRecord {
  /** v1 event id `<ms>-<index>`: sortable as Redis ids are. */
  id: string;
  /** 0-based position: the S2 `seq_num`. */
  index: number;
  ms: number;
  /** The JSON line a v1 reader receives. */
  data: string;
  /** The id the v2 writer puts in each record body (readers dedupe on it). */
  recordId: string;
}

/** A fault a test asks for: the next reader that reaches record `at` gets it instead of that record. */
export interface StreamFault {
  kind: "error" | "cut";
  at: number;
}

type Listener = () => void;

/**
 * Realtime streams, per run and key. Parts are append-only and numbered from 0. Readers find
 * their starting point with the cursor rules of the version they speak (see stream-framing.ts).
 */
export class StreamRegistry {
  private readonly streams = new Map<string, StreamRecord[]>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly faults = new Map<string, StreamFault[]>();
  /** Armed faults that have fired so far. */
  faultsFired = 0;
  /** Last chunk index per writer (`X-Client-Id`), for the v1 writer's resume probe. */
  private readonly writerProgress = new Map<string, number>();

  append(runId: string, key: string, data: string): StreamRecord {
    const id = streamId(runId, key);
    let records = this.streams.get(id);
    if (!records) this.streams.set(id, (records = []));
    // Ids compare as (milliseconds, index); the milliseconds never go backwards within a stream.
    const ms = Math.max(Date.now(), records.at(-1)?.ms ?? 0);
    const record = { id: `${ms}-${records.length}`, index: records.length, ms, data, recordId: randomId(7) };
    records.push(record);
    for (const listener of [...(this.listeners.get(id) ?? [])]) listener();
    return record;
  }

  /** Every record of the stream, oldest first (not a copy: never modify it). */
  records(runId: string, key: string): readonly StreamRecord[] {
    return this.streams.get(streamId(runId, key)) ?? [];
  }

  listen(runId: string, key: string, listener: Listener): () => void {
    const id = streamId(runId, key);
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  /** Arms a one-shot fault on the stream (see `DevServer.injectStreamError` / `cutStream`). */
  addFault(runId: string, key: string, fault: StreamFault): void {
    const id = streamId(runId, key);
    this.faults.set(id, [...(this.faults.get(id) ?? []), fault].sort((a, b) => a.at - b.at));
  }

  /** Takes the first armed fault at a record in [from, to), if any: it fires once. */
  takeFault(runId: string, key: string, from: number, to: number): StreamFault | undefined {
    const id = streamId(runId, key);
    const armed = this.faults.get(id);
    const fault = armed?.find((candidate) => candidate.at >= from && candidate.at < to);
    if (!fault) return undefined;
    const rest = armed!.filter((candidate) => candidate !== fault);
    if (rest.length > 0) this.faults.set(id, rest);
    else this.faults.delete(id);
    this.faultsFired++;
    return fault;
  }

  recordWriterProgress(runId: string, key: string, clientId: string, index: number): void {
    this.writerProgress.set(`${streamId(runId, key)}\n${clientId}`, index);
  }

  writerProgressOf(runId: string, key: string, clientId: string): number {
    return this.writerProgress.get(`${streamId(runId, key)}\n${clientId}`) ?? -1;
  }
}

const streamId = (runId: string, key: string) => `${runId}\n${key}`;
