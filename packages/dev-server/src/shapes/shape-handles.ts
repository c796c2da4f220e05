import { createHash } from "node:crypto";
import { randomId } from "../ids.js";
import type { Run } from "../model.js";

/** What a shape follows. */
export type ShapeTarget =
  | { kind: "run"; runId: string }
  | { kind: "tags"; tags: string[]; createdAfter: number }
  | { kind: "batch"; batchId: string };

/** A shape the server handed out: its filter and, for lists, what this handle was already sent. */
export interface Shape {
  handle: string;
  target: ShapeTarget;
  columns: string[];
  /** Run id → the `updatedAt` last sent for it (list shapes). */
  sent: Map<string, number>;
}

/**
 * Issued shape handles. A single run's handle is stable (`run-<id>`, shared by every client);
 * list handles are made per subscription. `rotate()` invalidates all of them, as a restarted
 * server would: clients holding an old handle get 409 must-refetch.
 */
export class ShapeHandles {
  private readonly shapes = new Map<string, Shape>();
  private epoch = 0;
  private sequence = 0;

  create(target: ShapeTarget, columns: string[]): Shape {
    const suffix = this.epoch > 0 ? `~${this.epoch}` : "";
    const handle =
      target.kind === "run"
        ? `run-${target.runId}${columnsTag(columns)}${suffix}`
        : target.kind === "tags"
          ? `runs_${target.createdAfter}_${++this.sequence}_${randomId(8)}${suffix}`
          : `batch_${target.batchId}_${++this.sequence}_${randomId(8)}${suffix}`;
    const existing = this.shapes.get(handle);
    if (existing && target.kind === "run") return existing;
    const shape: Shape = { handle, target, columns, sent: new Map() };
    this.shapes.set(handle, shape);
    return shape;
  }

  get(handle: string): Shape | undefined {
    return this.shapes.get(handle);
  }

  rotate(): void {
    this.shapes.clear();
    this.epoch++;
  }
}

/** Run handles differ by the columns they carry (skipColumns), like Electric's shape definitions. */
function columnsTag(columns: string[]): string {
  return `-${createHash("sha256").update(columns.join(",")).digest("hex").slice(0, 8)}`;
}

export function matches(target: ShapeTarget, run: Run): boolean {
  if (target.kind === "run") return run.id === target.runId;
  if (target.kind === "batch") return run.batchId === target.batchId;
  return run.createdAt > target.createdAfter && target.tags.every((tag) => run.tags.includes(tag));
}
