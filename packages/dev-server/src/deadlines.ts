/**
 * One timer for many deadlines. Long-polls, stream keep-alives and stream inactivity limits
 * are grouped into buckets of `resolutionMs`; a single timer is armed for the earliest bucket.
 * Thousands of held requests therefore cost one timer, and cancelling is a Set delete.
 */
export class Deadlines {
  private readonly buckets = new Map<number, Set<() => void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  constructor(private readonly resolutionMs = 50) {}

  /** Calls `callback` once, `delayMs` from now (rounded up to the resolution). Returns a cancel function. */
  schedule(delayMs: number, callback: () => void): () => void {
    const bucket = Math.ceil((Date.now() + Math.max(0, delayMs)) / this.resolutionMs) * this.resolutionMs;
    let set = this.buckets.get(bucket);
    if (!set) this.buckets.set(bucket, (set = new Set()));
    // A wrapper per entry, so the same callback can be scheduled twice and cancelled once, and so
    // a cancel takes effect even while its bucket is firing (an earlier entry may cancel a later one).
    let cancelled = false;
    const entry = () => {
      if (!cancelled) callback();
    };
    set.add(entry);
    if (bucket < this.armedFor) this.arm(bucket);
    return () => {
      cancelled = true;
      const current = this.buckets.get(bucket);
      if (!current) return;
      current.delete(entry);
      if (current.size === 0) this.buckets.delete(bucket);
    };
  }

  /** Pending entries, for tests and stats. */
  get size(): number {
    let size = 0;
    for (const set of this.buckets.values()) size += set.size;
    return size;
  }

  /** Forgets every deadline without calling it. */
  clear(): void {
    this.buckets.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - Date.now()));
    // Held sockets keep the process alive; the timer alone should not.
    this.timer.unref?.();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const due = [...this.buckets.keys()].filter((bucket) => bucket <= now).sort((a, b) => a - b);
    for (const bucket of due) {
      const set = this.buckets.get(bucket)!;
      this.buckets.delete(bucket);
      for (const entry of set) entry();
    }
    let next = Number.POSITIVE_INFINITY;
    for (const bucket of this.buckets.keys()) if (bucket < next) next = bucket;
    if (next < this.armedFor && Number.isFinite(next)) this.arm(next);
  }
}
