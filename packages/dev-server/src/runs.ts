import { friendlyId, nextTimestamp, randomId } from "./ids.js";
import type { Batch, Packet, Run } from "./model.js";

type Listener = (run: Run) => void;

/**
 * Every run and batch of the environment, in memory. Each change bumps the run's `updatedAt`
 * and tells only the listeners of that run, plus the list listeners (tag and batch feeds), so
 * thousands of long-polls on one run cost one wake-up each per change.
 */
export class RunRegistry {
  private readonly runs = new Map<string, Run>();
  private readonly byFriendlyId = new Map<string, Run>();
  private readonly batches = new Map<string, Batch>();
  private readonly idempotency = new Map<string, string>();
  private readonly runListeners = new Map<string, Set<Listener>>();
  private readonly listListeners = new Set<Listener>();
  private counter = 0;

  create(input: {
    taskIdentifier: string;
    payload: Packet;
    tags?: string[];
    metadata?: Record<string, unknown>;
    batchId?: string;
    idempotencyKey?: string;
    ttl?: string;
    delayUntil?: number;
  }): Run {
    const now = nextTimestamp();
    const run: Run = {
      id: randomId(),
      friendlyId: friendlyId("run"),
      taskIdentifier: input.taskIdentifier,
      number: ++this.counter,
      status: "PENDING",
      createdAt: now,
      updatedAt: now,
      queuedAt: now,
      isTest: false,
      usageDurationMs: 0,
      costInCents: 0,
      baseCostInCents: 0,
      payload: input.payload,
      metadata: input.metadata,
      tags: [...new Set(input.tags ?? [])],
      realtimeStreams: [],
      batchId: input.batchId,
      idempotencyKey: input.idempotencyKey,
      ttl: input.ttl,
      delayUntil: input.delayUntil,
    };
    this.runs.set(run.id, run);
    this.byFriendlyId.set(run.friendlyId, run);
    if (input.idempotencyKey) this.idempotency.set(`${input.taskIdentifier}\n${input.idempotencyKey}`, run.friendlyId);
    if (input.batchId) this.batches.get(input.batchId)?.runIds.push(run.friendlyId);
    this.notify(run);
    return run;
  }

  /** The run already created with this idempotency key, if any. */
  findByIdempotencyKey(taskIdentifier: string, key: string): Run | undefined {
    const id = this.idempotency.get(`${taskIdentifier}\n${key}`);
    return id ? this.byFriendlyId.get(id) : undefined;
  }

  get(friendlyIdOrId: string): Run | undefined {
    return this.byFriendlyId.get(friendlyIdOrId) ?? this.runs.get(friendlyIdOrId);
  }

  all(): IterableIterator<Run> {
    return this.runs.values();
  }

  /** Applies `change` to the run and publishes it with a new `updatedAt`. */
  update(friendlyIdOrId: string, change: (run: Run) => void): Run {
    const run = this.get(friendlyIdOrId);
    if (!run) throw new Error(`Unknown run ${friendlyIdOrId}`);
    change(run);
    run.updatedAt = nextTimestamp();
    this.notify(run);
    return run;
  }

  createBatch(expectedCount: number): Batch {
    const batch: Batch = { id: randomId(), friendlyId: friendlyId("batch"), runIds: [], expectedCount };
    this.batches.set(batch.friendlyId, batch);
    this.batches.set(batch.id, batch);
    return batch;
  }

  getBatch(id: string): Batch | undefined {
    return this.batches.get(id);
  }

  /** Listens to one run's changes. */
  onRun(runId: string, listener: Listener): () => void {
    let listeners = this.runListeners.get(runId);
    if (!listeners) this.runListeners.set(runId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.runListeners.delete(runId);
    };
  }

  /** Listens to every run's changes. */
  onAnyRun(listener: Listener): () => void {
    this.listListeners.add(listener);
    return () => this.listListeners.delete(listener);
  }

  private notify(run: Run): void {
    for (const listener of [...(this.runListeners.get(run.id) ?? [])]) listener(run);
    for (const listener of [...this.listListeners]) listener(run);
  }
}
