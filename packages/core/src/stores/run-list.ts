import type { RunFeedBatch } from "../feeds/run-feed.js";
import type { AnyRealtimeRun } from "../types.js";

/**
 * Runs of a tag or batch feed keyed by id. An update of a known run costs O(1) here and one
 * array copy per published snapshot (not per run); other runs keep their identity. The
 * snapshot is ordered like the official hooks: by `createdAt`, oldest first, ties in arrival order.
 */
export class RunList<TRun extends { id: string; createdAt: Date } = AnyRealtimeRun> {
  private readonly byId = new Map<string, TRun>();
  private snapshotCache: TRun[] = [];
  private positions = new Map<string, number>();
  private replaced = new Map<string, TRun>();
  private reordered = false;

  apply(batch: RunFeedBatch): void {
    if (batch.reset) {
      this.byId.clear();
      this.reordered = true;
    }
    for (const run of batch.upserts as unknown as TRun[]) {
      const previous = this.byId.get(run.id);
      this.byId.set(run.id, run);
      if (previous && !this.reordered && previous.createdAt.getTime() === run.createdAt.getTime()) {
        this.replaced.set(run.id, run);
      } else {
        this.reordered = true;
      }
    }
    for (const id of batch.deletes) {
      if (this.byId.delete(id)) this.reordered = true;
    }
  }

  snapshot(): TRun[] {
    if (this.reordered) {
      this.snapshotCache = [...this.byId.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      this.positions = new Map(this.snapshotCache.map((run, index) => [run.id, index]));
    } else if (this.replaced.size > 0) {
      const next = this.snapshotCache.slice();
      for (const [id, run] of this.replaced) next[this.positions.get(id)!] = run;
      this.snapshotCache = next;
    }
    this.reordered = false;
    this.replaced.clear();
    return this.snapshotCache;
  }
}
