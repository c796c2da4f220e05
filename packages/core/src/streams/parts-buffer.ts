import type { StreamPart } from "../types.js";

/**
 * Collects parts between two published snapshots. Appending is O(1); the public array is
 * built once per snapshot (one copy per throttle window, never one per part), and trimmed to
 * `maxParts` when given so memory stays bounded on endless streams.
 */
export class PartsBuffer<TPart = unknown> {
  private published: TPart[] = [];
  private pending: StreamPart<TPart>[] = [];

  constructor(private readonly maxParts?: number) {}

  append(parts: StreamPart<TPart>[]): void {
    for (const part of parts) this.pending.push(part);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** The parts array after the pending parts, and those pending parts (for `onParts`). */
  take(): { parts: TPart[]; latest: StreamPart<TPart>[] } {
    const latest = this.pending;
    if (latest.length === 0) return { parts: this.published, latest };
    this.pending = [];
    const chunks = latest.map((part) => part.chunk);
    let next = this.published.concat(chunks);
    if (this.maxParts !== undefined && next.length > this.maxParts) next = next.slice(next.length - this.maxParts);
    this.published = next;
    return { parts: next, latest };
  }
}
