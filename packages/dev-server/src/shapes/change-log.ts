import type { Run } from "../model.js";
import type { RunRegistry } from "../runs.js";
import { COLUMN_NAMES, encodeRow } from "./columns.js";

type Encoded = string | null;

/** A run as it stood after one change: what filters look at, and its row in Postgres text. */
export interface RunVersion {
  run: Pick<Run, "id" | "friendlyId" | "tags" | "batchId" | "createdAt">;
  row: Record<string, Encoded>;
}

/** One committed change of a run, at its position (LSN) in the replication log. */
export interface LogEntry {
  lsn: number;
  runId: string;
  before: RunVersion | undefined;
  after: RunVersion;
}

/** Entries kept at most; a client further behind gets 409 must-refetch, as after compaction. */
const MAX_ENTRIES = 50_000;

/**
 * The replication log Electric reads from Postgres: every change of every run, in commit order,
 * with the row before and after. Shapes are views of it, so an `update` can carry only the
 * columns that changed and a run that leaves a shape's filter becomes a `delete`.
 */
export class ChangeLog {
  private readonly entries: LogEntry[] = [];
  private readonly byRun = new Map<string, LogEntry[]>();
  private readonly latest = new Map<string, RunVersion>();
  private lsn = 0;
  private readonly unlisten: () => void;

  constructor(runs: RunRegistry) {
    for (const run of runs.all()) this.latest.set(run.id, versionOf(run));
    this.unlisten = runs.listen({ kind: "all" }, (run) => this.record(run));
  }

  /** The position of the last change. */
  get head(): number {
    return this.lsn;
  }

  /** Whether changes after `lsn` are all still in the log. */
  covers(lsn: number): boolean {
    return lsn <= this.lsn && lsn >= (this.entries[0]?.lsn ?? this.lsn + 1) - 1;
  }

  /** Changes after `lsn`, oldest first: of one run, or of every run. */
  since(lsn: number, runId?: string): LogEntry[] {
    const list = runId === undefined ? this.entries : (this.byRun.get(runId) ?? []);
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (list[middle]!.lsn <= lsn) low = middle + 1;
      else high = middle;
    }
    return list.slice(low);
  }

  close(): void {
    this.unlisten();
  }

  private record(run: Run): void {
    const before = this.latest.get(run.id);
    const after = versionOf(run);
    // Unchanged values share the previous version's strings: a big metadata is kept once.
    if (before) for (const [column, value] of Object.entries(after.row)) if (value === before.row[column]) after.row[column] = before.row[column]!;
    const entry: LogEntry = { lsn: ++this.lsn, runId: run.id, before, after };
    this.latest.set(run.id, after);
    this.entries.push(entry);
    let own = this.byRun.get(run.id);
    if (!own) this.byRun.set(run.id, (own = []));
    own.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.compact();
  }

  private compact(): void {
    const dropped = this.entries.splice(0, this.entries.length - MAX_ENTRIES * 0.9);
    const oldest = this.entries[0]!.lsn;
    for (const runId of new Set(dropped.map((entry) => entry.runId))) {
      const own = this.byRun.get(runId)!;
      const kept = own.filter((entry) => entry.lsn >= oldest);
      if (kept.length > 0) this.byRun.set(runId, kept);
      else this.byRun.delete(runId);
    }
  }
}

function versionOf(run: Run): RunVersion {
  return {
    run: { id: run.id, friendlyId: run.friendlyId, tags: [...run.tags], batchId: run.batchId, createdAt: run.createdAt },
    row: encodeRow(run, COLUMN_NAMES, "postgres"),
  };
}
