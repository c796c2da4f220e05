import type { Auth } from "./auth.js";
import type { Run, TaskRunError } from "./model.js";
import { isFinal } from "./model.js";
import type { PacketStore } from "./packets.js";
import type { RunRegistry } from "./runs.js";
import { deserialize, serialize } from "./serialization.js";
import type { StreamRegistry } from "./streams.js";
import type { TaskContext, TaskDefinition } from "./tasks.js";
import type { WaitpointRegistry } from "./waitpoints.js";

const METADATA_LIMIT = 256 * 1024;

/** Moves a run through its lifecycle. Used by running tasks and by tests driving runs by hand. */
export class RunController {
  constructor(
    private readonly engine: Engine,
    readonly id: string,
  ) {}

  get run(): Run {
    return this.engine.runs.get(this.id)!;
  }

  start(): void {
    this.change((run) => {
      run.status = "EXECUTING";
      run.startedAt ??= Date.now();
    });
  }

  setMetadata(metadata: Record<string, unknown>): void {
    this.updateMetadata(() => ({ ...metadata }));
  }

  updateMetadata(update: (metadata: Record<string, unknown>) => Record<string, unknown>): void {
    this.change((run) => {
      const next = update({ ...(run.metadata ?? {}) });
      if (Buffer.byteLength(JSON.stringify(next)) > METADATA_LIMIT) throw new Error("Metadata exceeds 256 KiB");
      run.metadata = next;
    });
  }

  appendStream(key: string, chunk: unknown): void {
    this.engine.appendStream(this.run, key, JSON.stringify(chunk));
  }

  setTags(tags: string[]): void {
    this.change((run) => {
      run.tags = [...new Set(tags)];
    });
  }

  waiting(): void {
    this.change((run) => {
      run.status = "WAITING_TO_RESUME";
    });
  }

  complete(output?: unknown): void {
    this.finish("COMPLETED_SUCCESSFULLY", (run) => {
      run.output = this.engine.packets.offload(serialize(output), `${run.friendlyId}/output`);
    });
  }

  fail(error: unknown): void {
    this.finish("COMPLETED_WITH_ERRORS", (run) => {
      run.error = toTaskRunError(error);
    });
  }

  cancel(): void {
    this.finish("CANCELED", () => {});
  }

  /** Overrides wire values of the run's row (to test clients against broken rows). */
  corrupt(columns: Record<string, string | null>): void {
    this.change((run) => {
      run.corruptColumns = { ...run.corruptColumns, ...columns };
    });
  }

  private finish(status: Run["status"], apply: (run: Run) => void): void {
    this.change((run) => {
      if (isFinal(run)) throw new Error(`Run ${run.friendlyId} has already finished`);
      apply(run);
      run.status = status;
      run.completedAt = Date.now();
      run.startedAt ??= run.completedAt;
      run.usageDurationMs = run.completedAt - run.startedAt;
      run.costInCents = run.usageDurationMs * 0.0001;
      run.baseCostInCents = 0.0025;
    });
    this.engine.streams.wakeRun(this.run.id);
  }

  private change(apply: (run: Run) => void): void {
    this.engine.runs.update(this.id, apply);
  }
}

/** Runs task definitions against the in-memory state. */
export class Engine {
  private readonly tasks = new Map<string, TaskDefinition>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(
    readonly runs: RunRegistry,
    readonly streams: StreamRegistry,
    readonly packets: PacketStore,
    readonly waitpoints: WaitpointRegistry,
    private readonly auth: Auth,
    tasks: TaskDefinition[],
  ) {
    for (const task of tasks) this.tasks.set(task.id, task);
  }

  hasTask(id: string): boolean {
    return this.tasks.has(id);
  }

  controller(runId: string): RunController {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`Unknown run ${runId}`);
    return new RunController(this, run.friendlyId);
  }

  appendStream(run: Run, key: string, data: string): void {
    if (!run.realtimeStreams.includes(key)) {
      this.runs.update(run.id, (current) => {
        current.realtimeStreams = [...current.realtimeStreams, key];
      });
    } else {
      this.runs.update(run.id, () => {});
    }
    this.streams.append(run.id, key, data);
  }

  /** Starts the run's task on the next tick, so the trigger answers first. */
  execute(run: Run): void {
    const task = this.tasks.get(run.taskIdentifier);
    if (!task) return;
    const execution = new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => this.runTask(task, run.friendlyId));
    this.running.add(execution);
    void execution.finally(() => this.running.delete(execution));
  }

  close(): void {
    this.closed = true;
  }

  private async runTask(task: TaskDefinition, runId: string): Promise<void> {
    if (this.closed) return;
    const control = new RunController(this, runId);
    if (isFinal(control.run)) return;
    control.start();
    try {
      const payload = deserialize(this.packets.resolve(control.run.payload));
      const output = await task.run(payload, this.context(control));
      if (!this.closed && !isFinal(control.run)) control.complete(output);
    } catch (error) {
      if (!this.closed && !isFinal(control.run)) control.fail(error);
    }
  }

  private context(control: RunController): TaskContext {
    const { run } = control;
    const metadata = (update: (metadata: Record<string, unknown>) => void) =>
      control.updateMetadata((current) => {
        update(current);
        return current;
      });
    return {
      run: { id: run.friendlyId, taskIdentifier: run.taskIdentifier, tags: [...run.tags] },
      metadata: {
        get: () => ({ ...(control.run.metadata ?? {}) }),
        set: (key, value) => metadata((m) => void (m[key] = value)),
        append: (key, value) => metadata((m) => void (m[key] = [...(Array.isArray(m[key]) ? (m[key] as unknown[]) : []), value])),
        increment: (key, by = 1) => metadata((m) => void (m[key] = (typeof m[key] === "number" ? (m[key] as number) : 0) + by)),
        remove: (key) => metadata((m) => void delete m[key]),
        replace: (next) => control.setMetadata(next),
      },
      streams: {
        append: (key, chunk) => control.appendStream(key, chunk),
        pipe: async (key, source) => {
          for await (const chunk of source) control.appendStream(key, chunk);
        },
      },
      wait: {
        createToken: async (options) => {
          const { id } = this.waitpoints.create(options);
          return { id, publicAccessToken: await this.auth.sign({ scopes: [`write:waitpoints:${id}`] }, "24h") };
        },
        forToken: async <T>(id: string) => {
          control.waiting();
          const result = await this.waitpoints.wait(id);
          if (!this.closed && !isFinal(control.run)) control.start();
          return result as { ok: true; output: T } | { ok: false; error: Error };
        },
      },
      tags: { add: (...tags) => control.setTags([...control.run.tags, ...tags]) },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
  }
}

function toTaskRunError(error: unknown): TaskRunError {
  if (error instanceof Error) return { type: "BUILT_IN_ERROR", name: error.name, message: error.message, stackTrace: error.stack ?? "" };
  if (typeof error === "string") return { type: "STRING_ERROR", raw: error };
  return { type: "CUSTOM_ERROR", raw: JSON.stringify(error) };
}
