import { createHash } from "node:crypto";
import { randomId } from "../ids.js";
import type { Run } from "../model.js";
import type { RunRegistry, Topic } from "../runs.js";

/** Which of Trigger.dev Cloud's two realtime backends the server imitates. */
export type RealtimeBackend = "electric" | "native";

/** What a shape follows (its definition, together with its columns). `tags: []` is every run of the environment. */
export type ShapeTarget =
  | { kind: "run"; runId: string }
  | { kind: "tags"; tags: string[] }
  | { kind: "batch"; batchId: string };

/** A shape the server handed out: its filter and, for the native backend's lists, its working set. */
export interface Shape {
  handle: string;
  target: ShapeTarget;
  columns: string[];
  /** Identity of target + columns (+ the pinned createdAt floor): a handle is only valid for the definition it was made for. */
  definition: string;
  /** Tag feeds only: runs created at or before this instant are outside the shape (pinned when the handle is made). */
  createdAfter: number;
  /** Native lists: run id → the `updatedAt` last sent to this handle; empty after a cache miss (restart). */
  sent: Map<string, number>;
  /** Native lists: whether `sent` is known (false for a handle this server no longer remembers). */
  warm: boolean;
  /** The last live answer, shared by every long-poll waiting on the same run shape and offset. */
  liveCache?: { key: string; text: string; offset: string };
}

/** List handles kept at most; the least recently used beyond this are forgotten. */
const MAX_LIST_SHAPES = 10_000;

/**
 * Issued shape handles, in the form of the backend imitated. Electric: one handle per shape
 * definition (`<hash>-<microseconds>`, shared by every client of the same run or batch; a tag
 * feed's definition includes its createdAt floor, so each subscription has its own). Native:
 * `run-<id>` for a run, `runs_<floorMs>_<seq>_<rand>` / `batch_<id>_<seq>_<rand>` per connection.
 * `rotate()` forgets all of them, as a restarted server would.
 */
export class ShapeHandles {
  private readonly shapes = new Map<string, Shape>();
  private readonly byDefinition = new Map<string, Shape>();
  private epoch = 0;
  private sequence = 0;

  constructor(readonly backend: RealtimeBackend) {}

  /** The next value of the server's sequence (native offsets, cursors and handles). */
  nextSeq(): number {
    return ++this.sequence;
  }

  create(target: ShapeTarget, columns: string[], createdAfter = 0): Shape {
    const definition = definitionOf(target, columns, createdAfter);
    const shared = this.backend === "electric" || target.kind === "run";
    const existing = shared ? this.byDefinition.get(definition) : undefined;
    if (existing) return existing;
    return this.remember({ handle: this.handleFor(target, definition, createdAfter), target, columns, definition, createdAfter, sent: new Map(), warm: true }, shared);
  }

  /** The shape behind `handle`, marking it recently used. */
  get(handle: string): Shape | undefined {
    const shape = this.shapes.get(handle);
    if (shape && shape.target.kind !== "run") {
      this.shapes.delete(handle);
      this.shapes.set(handle, shape);
    }
    return shape;
  }

  /** Native: a handle this server does not remember (it restarted) is taken as it is, with an empty working set. */
  adopt(handle: string, target: ShapeTarget, columns: string[], createdAfter: number): Shape {
    return this.remember({ handle, target, columns, definition: definitionOf(target, columns, createdAfter), createdAfter, sent: new Map(), warm: false }, false);
  }

  rotate(): void {
    this.shapes.clear();
    this.byDefinition.clear();
    this.epoch++;
  }

  private remember(shape: Shape, shared: boolean): Shape {
    this.shapes.set(shape.handle, shape);
    if (shared) this.byDefinition.set(shape.definition, shape);
    if (shape.target.kind !== "run") this.evictOldLists();
    return shape;
  }

  private handleFor(target: ShapeTarget, definition: string, createdAfter: number): string {
    if (this.backend === "electric") {
      const hash = parseInt(createHash("sha256").update(`${this.epoch}|${definition}`).digest("hex").slice(0, 8), 16);
      return `${hash}-${Date.now() * 1000 + (this.nextSeq() % 1000)}`;
    }
    if (target.kind === "run") return `run-${target.runId}`;
    const suffix = `${this.nextSeq()}_${randomId(8)}`;
    return target.kind === "tags" ? `runs_${createdAfter}_${suffix}` : `batch_${target.batchId}_${suffix}`;
  }

  private evictOldLists(): void {
    let lists = 0;
    for (const shape of this.shapes.values()) if (shape.target.kind !== "run") lists++;
    if (lists <= MAX_LIST_SHAPES) return;
    for (const [handle, shape] of this.shapes) {
      if (lists <= MAX_LIST_SHAPES) break;
      if (shape.target.kind === "run") continue;
      this.shapes.delete(handle);
      if (this.byDefinition.get(shape.definition) === shape) this.byDefinition.delete(shape.definition);
      lists--;
    }
  }
}

/** Whether `handle` has the form of an Electric handle, i.e. it could be an expired handle of a shape (409) rather than garbage (400). */
export const isElectricHandle = (handle: string) => /^\d{1,10}-\d{1,20}$/.test(handle);

/** Native tag-feed handles carry their createdAt floor: `runs_<floorMs>_…`. */
export function floorFromNativeHandle(handle: string): number | undefined {
  const [kind, floor] = handle.split("_");
  const ms = Number(floor);
  return kind === "runs" && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export function definitionOf(target: ShapeTarget, columns: string[], createdAfter = 0): string {
  const filter = target.kind === "run" ? target.runId : target.kind === "batch" ? target.batchId : `${JSON.stringify(target.tags)}>${createdAfter}`;
  return `${target.kind}:${filter}|${columns.join(",")}`;
}

type Filtered = Pick<Run, "id" | "tags" | "batchId" | "createdAt">;

export function matches(shape: Shape, run: Filtered): boolean {
  const { target } = shape;
  if (target.kind === "run") return run.id === target.runId;
  if (target.kind === "batch") return run.batchId === target.batchId;
  return run.createdAt > shape.createdAfter && target.tags.every((tag) => run.tags.includes(tag));
}

/**
 * The registry topic whose changes can affect the shape. A tag feed listens to its first tag
 * only: a run must carry every tag to be in the feed, so any run entering or leaving it carries
 * (or just carried) that one. A feed without tags follows every run.
 */
export function topicOf(target: ShapeTarget): Topic {
  if (target.kind === "run") return { kind: "run", runId: target.runId };
  if (target.kind === "batch") return { kind: "batch", batchId: target.batchId };
  return target.tags.length > 0 ? { kind: "tag", tag: target.tags[0]! } : { kind: "all" };
}

/** Runs that may be in the shape now, plus those it was sent before (they may have left). */
export function candidates(runs: RunRegistry, shape: Shape): Set<Run> {
  const { target } = shape;
  const found = new Set<Run>();
  if (target.kind === "run") {
    const run = runs.get(target.runId);
    if (run) found.add(run);
    return found;
  }
  const pool = target.kind === "batch" ? runs.inBatch(target.batchId) : target.tags.length > 0 ? runs.withTag(target.tags[0]!) : runs.all();
  for (const run of pool) found.add(run);
  for (const id of shape.sent.keys()) {
    const run = runs.get(id);
    if (run) found.add(run);
  }
  return found;
}
