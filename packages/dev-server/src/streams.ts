/** One stored part: its SSE id (`<ms>-<index>`, sortable) and the JSON line a reader receives. */
export interface StreamRecord {
  id: string;
  index: number;
  data: string;
}

type Listener = () => void;

/**
 * Realtime streams, per run and key. Parts are append-only and numbered from 0; a reader
 * resumes after an id (`<ms>-<index>`) or after a bare index (what `startIndex` sends).
 */
export class StreamRegistry {
  private readonly streams = new Map<string, StreamRecord[]>();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Last chunk index per writer (`X-Client-Id`), for the v1 writer's resume probe. */
  private readonly writerProgress = new Map<string, number>();

  append(runId: string, key: string, data: string): StreamRecord {
    const id = streamId(runId, key);
    let records = this.streams.get(id);
    if (!records) this.streams.set(id, (records = []));
    // Ids compare as (milliseconds, index); the milliseconds never go backwards within a stream.
    const previous = records.at(-1);
    const ms = Math.max(Date.now(), previous ? Number(previous.id.split("-")[0]) : 0);
    const record = { id: `${ms}-${records.length}`, index: records.length, data };
    records.push(record);
    for (const listener of [...(this.listeners.get(id) ?? [])]) listener();
    return record;
  }

  /**
   * Parts after the cursor (`<ms>-<index>` or `<index>`; undefined means from the start), at
   * most about `maxBytes` of data (always at least one part), so a reader takes a backlog in slices.
   */
  after(runId: string, key: string, cursor: string | undefined, maxBytes = Number.POSITIVE_INFINITY): StreamRecord[] {
    const records = this.streams.get(streamId(runId, key)) ?? [];
    const start = startIndexAfter(cursor);
    let end = start;
    for (let bytes = 0; end < records.length && (end === start || bytes < maxBytes); end++) bytes += records[end]!.data.length;
    return records.slice(start, end);
  }

  length(runId: string, key: string): number {
    return this.streams.get(streamId(runId, key))?.length ?? 0;
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

  /** Wakes every reader of the run's streams (the run finished). */
  wakeRun(runId: string): void {
    for (const [id, set] of this.listeners) if (id.startsWith(`${runId}\n`)) for (const listener of [...set]) listener();
  }

  recordWriterProgress(runId: string, key: string, clientId: string, index: number): void {
    this.writerProgress.set(`${streamId(runId, key)}\n${clientId}`, index);
  }

  writerProgressOf(runId: string, key: string, clientId: string): number {
    return this.writerProgress.get(`${streamId(runId, key)}\n${clientId}`) ?? -1;
  }
}

const streamId = (runId: string, key: string) => `${runId}\n${key}`;

/** Index of the first part after `cursor`; unreadable cursors start from the beginning. */
function startIndexAfter(cursor: string | undefined): number {
  if (cursor === undefined || cursor === "") return 0;
  const match = /^(?:\d+-)?(-?\d+)$/.exec(cursor.trim());
  return match ? Math.max(0, Number(match[1]) + 1) : 0;
}
