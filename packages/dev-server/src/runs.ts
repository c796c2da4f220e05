import { friendlyId, nextTimestamp, randomId } from "./ids.js";
import type { Batch, InternalStatus, Packet, Run } from "./model.js";
import type { StreamsVersion } from "./streams.js";

type Listener = (run: Run) => void;

/** What a listener follows: one run, every run carrying a tag, every run of a batch, or every run. */
export type Topic = { kind: "run"; runId: string } | { kind: "tag"; tag: string } | { kind: "batch"; batchId: string } | { kind: "all" };

const topicKey = (topic: Topic) =>
  topic.kind === "run" ? `run\n${topic.runId}` : topic.kind === "tag" ? `tag\n${topic.tag}` : topic.kind === "batch" ? `batch\n${topic.batchId}` : "all";

/**
 * Every run and batch of the environment, in memory. Each change bumps the run's `updatedAt`
 * and tells only the listeners of the topics it touches (the run, its batch, the tags it has
 * or just lost), so thousands of long-polls cost nothing until their own runs change.
 */
/** What a new run is made of. */
export interface NewRun {
  taskIdentifier: string;
  payload: Packet;
  tags?: string[];
  metadata?: Record<string, unknown>;
  batchId?: string;
  idempotencyKey?: string;
  realtimeStreamsVersion?: StreamsVersion;
  ttl?: string;
  delayUntil?: number;
}

export class RunRegistry {
  private readonly runs = new Map<string, Run>();
  private readonly byFriendlyId = new Map<string, Run>();
  private readonly byTag = new Map<string, Set<Run>>();
  private readonly byBatch = new Map<string, Set<Run>>();
  private readonly batches = new Map<string, Batch>();
  private readonly idempotency = new Map<string, string>();
  private readonly batchIdempotency = new Map<string, string>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private counter = 0;

  create(input: NewRun & {
    status?: InternalStatus;
    /** Last touches before the run is published (e.g. offloading a payload under its id). */
    prepare?: (run: Run) => void;
  }): Run {
    const now = nextTimestamp();
    const run: Run = {
      id: randomId(),
      friendlyId: friendlyId("run"),
      taskIdentifier: input.taskIdentifier,
      number: ++this.counter,
      status: input.status ?? "PENDING",
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
      realtimeStreamsVersion: input.realtimeStreamsVersion ?? "v1",
      batchId: input.batchId,
      idempotencyKey: input.idempotencyKey,
      ttl: input.ttl,
      delayUntil: input.delayUntil,
    };
    input.prepare?.(run);
    this.runs.set(run.id, run);
    this.byFriendlyId.set(run.friendlyId, run);
    this.indexTags(run, [], run.tags);
    if (input.idempotencyKey) this.idempotency.set(`${input.taskIdentifier}\n${input.idempotencyKey}`, run.friendlyId);
    if (input.batchId) {
      this.batches.get(input.batchId)?.runIds.push(run.friendlyId);
      addTo(this.byBatch, input.batchId, run);
    }
    this.notify(run, []);
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

  /** Only by the public id (`run_…`), as routes look runs up. */
  getByFriendlyId(friendlyId: string): Run | undefined {
    return this.byFriendlyId.get(friendlyId);
  }

  /** Every run (in no particular order). */
  all(): Iterable<Run> {
    return this.runs.values();
  }

  /** Runs carrying `tag` (in no particular order). */
  withTag(tag: string): Iterable<Run> {
    return this.byTag.get(tag) ?? [];
  }

  /** Runs of the batch with this internal id. */
  inBatch(batchId: string): Iterable<Run> {
    return this.byBatch.get(batchId) ?? [];
  }

  /** Applies `change` to the run and publishes it with a new `updatedAt`. */
  update(friendlyIdOrId: string, change: (run: Run) => void): Run {
    const run = this.get(friendlyIdOrId);
    if (!run) throw new Error(`Unknown run ${friendlyIdOrId}`);
    const previousTags = run.tags;
    change(run);
    if (run.tags !== previousTags) this.indexTags(run, previousTags, run.tags);
    run.updatedAt = nextTimestamp();
    this.notify(run, previousTags);
    return run;
  }

  /** A new batch, or the one already created with this idempotency key. */
  createBatch(expectedCount: number, idempotencyKey?: string, realtimeStreamsVersion: StreamsVersion = "v1"): { batch: Batch; isCached: boolean } {
    const cached = idempotencyKey ? this.findBatchByIdempotencyKey(idempotencyKey) : undefined;
    if (cached) return { batch: cached, isCached: true };
    const batch: Batch = { id: randomId(), friendlyId: friendlyId("batch"), runIds: [], expectedCount, itemIndexes: new Set(), realtimeStreamsVersion };
    this.batches.set(batch.friendlyId, batch);
    this.batches.set(batch.id, batch);
    if (idempotencyKey) this.batchIdempotency.set(idempotencyKey, batch.friendlyId);
    return { batch, isCached: false };
  }

  /** The batch already created with this idempotency key, if any. */
  findBatchByIdempotencyKey(key: string): Batch | undefined {
    return this.batches.get(this.batchIdempotency.get(key) ?? "");
  }

  /** By public (`batch_…`) or internal id. */
  getBatch(id: string): Batch | undefined {
    return this.batches.get(id);
  }

  /** Only by the public id (`batch_…`), as routes look batches up. */
  getBatchByFriendlyId(friendlyId: string): Batch | undefined {
    const batch = this.batches.get(friendlyId);
    return batch?.friendlyId === friendlyId ? batch : undefined;
  }

  /** Calls `listener` with every change of a run in `topic`, including runs that just left it. */
  listen(topic: Topic, listener: Listener): () => void {
    const key = topicKey(topic);
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  private indexTags(run: Run, before: string[], after: string[]): void {
    for (const tag of before) if (!after.includes(tag)) removeFrom(this.byTag, tag, run);
    for (const tag of after) addTo(this.byTag, tag, run);
  }

  private notify(run: Run, previousTags: string[]): void {
    const topics: Topic[] = [{ kind: "all" }, { kind: "run", runId: run.id }];
    if (run.batchId) topics.push({ kind: "batch", batchId: run.batchId });
    for (const tag of new Set([...previousTags, ...run.tags])) topics.push({ kind: "tag", tag });
    for (const topic of topics) {
      const set = this.listeners.get(topicKey(topic));
      if (set) for (const listener of [...set]) listener(run);
    }
  }
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
