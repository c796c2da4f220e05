import { createHash } from "node:crypto";
import { randomId } from "../ids.js";
import type { Run } from "../model.js";
import type { RunRegistry, Topic } from "../runs.js";

/** What a shape follows (its definition, together with its columns). */
export type ShapeTarget =
  | { kind: "run"; runId: string }
  | { kind: "tags"; tags: string[] }
  | { kind: "batch"; batchId: string };

/** A shape the server handed out: its filter and, for lists, what this handle was already sent. */
export interface Shape {
  handle: string;
  target: ShapeTarget;
  columns: string[];
  /** Identity of target + columns: a handle is only valid for the definition it was made for. */
  definition: string;
  /** Tag feeds only: runs created at or before this instant are outside the shape (pinned when the handle is made). */
  createdAfter: number;
  /** Run id → the `updatedAt` last sent for it (list shapes). */
  sent: Map<string, number>;
  /** The last live answer, shared by every long-poll waiting on the same run shape and offset. */
  liveCache?: { key: string; text: string; offset: string };
}

/** List handles kept at most; the least recently used beyond this get 409 and start over. */
const MAX_LIST_SHAPES = 10_000;

/**
 * Issued shape handles. A single run's handle is stable (`run-<id>-<columns>`, shared by every
 * client); list handles are made per subscription. `rotate()` invalidates all of them, as a
 * restarted server would: clients holding an old handle get 409 must-refetch.
 */
export class ShapeHandles {
  private readonly shapes = new Map<string, Shape>();
  private epoch = 0;
  private sequence = 0;

  create(target: ShapeTarget, columns: string[], createdAfter = 0): Shape {
    const handle = this.handleFor(target, columns, createdAfter);
    const existing = this.shapes.get(handle);
    if (existing) return existing;
    const shape: Shape = { handle, target, columns, definition: definitionOf(target, columns), createdAfter, sent: new Map() };
    this.shapes.set(handle, shape);
    if (target.kind !== "run") this.evictOldLists();
    return shape;
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

  rotate(): void {
    this.shapes.clear();
    this.epoch++;
  }

  private handleFor(target: ShapeTarget, columns: string[], createdAfter: number): string {
    const suffix = this.epoch > 0 ? `~${this.epoch}` : "";
    if (target.kind === "run") return `run-${target.runId}-${columnsTag(columns)}${suffix}`;
    if (target.kind === "tags") return `runs_${createdAfter}_${++this.sequence}_${randomId(8)}${suffix}`;
    return `batch_${target.batchId}_${++this.sequence}_${randomId(8)}${suffix}`;
  }

  private evictOldLists(): void {
    let lists = 0;
    for (const shape of this.shapes.values()) if (shape.target.kind !== "run") lists++;
    if (lists <= MAX_LIST_SHAPES) return;
    for (const [handle, shape] of this.shapes) {
      if (lists <= MAX_LIST_SHAPES) break;
      if (shape.target.kind === "run") continue;
      this.shapes.delete(handle);
      lists--;
    }
  }
}

/**
 * Whether `handle` has the form this server gives handles of `target`, i.e. it could be an
 * expired handle of this very shape (409 must-refetch) rather than garbage or a handle of some
 * other shape (400).
 */
export function couldBeHandleOf(target: ShapeTarget, handle: string): boolean {
  if (target.kind === "run") return new RegExp(`^run-${target.runId}-[0-9a-f]{8}(~\\d+)?$`).test(handle);
  if (target.kind === "tags") return /^runs_\d+_\d+_[a-z0-9]{8}(~\d+)?$/.test(handle);
  return new RegExp(`^batch_${target.batchId}_\\d+_[a-z0-9]{8}(~\\d+)?$`).test(handle);
}

export function definitionOf(target: ShapeTarget, columns: string[]): string {
  const filter = target.kind === "run" ? target.runId : target.kind === "batch" ? target.batchId : JSON.stringify(target.tags);
  return `${target.kind}:${filter}|${columns.join(",")}`;
}

/** Run handles differ by the columns they carry (skipColumns), like Electric's shape definitions. */
function columnsTag(columns: string[]): string {
  return createHash("sha256").update(columns.join(",")).digest("hex").slice(0, 8);
}

export function matches(shape: Shape, run: Run): boolean {
  const { target } = shape;
  if (target.kind === "run") return run.id === target.runId;
  if (target.kind === "batch") return run.batchId === target.batchId;
  return run.createdAt > shape.createdAfter && target.tags.every((tag) => run.tags.includes(tag));
}

/**
 * The registry topic whose changes can affect the shape. A tag feed listens to its first tag
 * only: a run must carry every tag to be in the feed, so any run entering or leaving it carries
 * (or just carried) that one.
 */
export function topicOf(target: ShapeTarget): Topic {
  if (target.kind === "run") return { kind: "run", runId: target.runId };
  if (target.kind === "batch") return { kind: "batch", batchId: target.batchId };
  return { kind: "tag", tag: target.tags[0]! };
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
  for (const run of target.kind === "batch" ? runs.inBatch(target.batchId) : runs.withTag(target.tags[0]!)) found.add(run);
  for (const id of shape.sent.keys()) {
    const run = runs.get(id);
    if (run) found.add(run);
  }
  return found;
}
