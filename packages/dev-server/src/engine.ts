import type { Auth } from "./auth.js";
import type { Packet, Run, TaskRunError } from "./model.js";
import { isFinal } from "./model.js";
import type { PacketStore } from "./packets.js";
import type { NewRun, RunRegistry } from "./runs.js";
import { InputStreamRegistry } from "./input-streams.js";
import { deserialize, serialize } from "./serialization.js";
import { addressingKey, SessionRegistry } from "./sessions.js";
import type { StreamRegistry } from "./streams.js";
import { inputStream, sessionChannels, type RunHooks } from "./task-channels.js";
import type { TaskContext, TaskDefinition } from "./tasks.js";
import type { WaitpointRegistry } from "./waitpoints.js";
import { applyMetadataOperations, checkMetadataSize, type MetadataOperation } from "./metadata.js";

/** Moves a run through its lifecycle. Used by running tasks and by tests driving runs by hand. */
export class RunController {
  constructor(
    private readonly engine: Engine,
    readonly id: string,
  ) {}

  /** The run as it is now. */
  get run(): Run {
    return this.engine.runs.get(this.id)!;
  }

  /** PENDING → DEQUEUED: picked from the queue, not started yet (clients without the current API version see EXECUTING). */
  dequeue(): void {
    this.change((run) => {
      run.status = "DEQUEUED";
    });
  }

  /** → EXECUTING; sets `startedAt` the first time. */
  start(): void {
    this.change((run) => {
      run.status = "EXECUTING";
      run.startedAt ??= Date.now();
    });
  }

  /** Replaces the whole metadata object. */
  setMetadata(metadata: Record<string, unknown>): void {
    this.updateMetadata(() => ({ ...metadata }));
  }

  /** Computes new metadata from a copy of the current one (at most 256 KiB as JSON). */
  updateMetadata(update: (metadata: Record<string, unknown>) => Record<string, unknown>): void {
    const next = update({ ...(this.run.metadata ?? {}) });
    checkMetadataSize(next);
    this.change((run) => {
      run.metadata = next;
    });
  }

  /** Applies Trigger.dev's metadata operations (`set`, `delete`, `append`, `remove`, `increment`, `update`) in order. */
  applyMetadataOperations(operations: MetadataOperation[]): Record<string, unknown> {
    this.updateMetadata((current) => applyMetadataOperations(current, operations));
    return this.run.metadata ?? {};
  }

  /** Appends one part to the stream `key` (the key joins the run's `realtimeStreams`). */
  appendStream(key: string, chunk: unknown): void {
    this.engine.appendStream(this.run, key, JSON.stringify(chunk) ?? "null");
  }

  /** Replaces the run's tags. Tag feeds get an `insert` for runs entering them and a `delete` for runs leaving. */
  setTags(tags: string[]): void {
    this.change((run) => {
      run.tags = [...new Set(tags)];
    });
  }

  /** → WAITING_TO_RESUME (public status WAITING). */
  waiting(): void {
    this.change((run) => {
      run.status = "WAITING_TO_RESUME";
    });
  }

  /** → COMPLETED_SUCCESSFULLY with `output` (offloaded as a packet when big). */
  complete(output?: unknown): void {
    this.finish("COMPLETED_SUCCESSFULLY", (run) => {
      run.output = this.engine.packets.offload(serialize(output), `${run.friendlyId}/output`, run.friendlyId);
    });
  }

  /** → COMPLETED_WITH_ERRORS; an Error becomes a BUILT_IN_ERROR with name, message and stack. */
  fail(error: unknown): void {
    this.finish("COMPLETED_WITH_ERRORS", (run) => {
      run.error = toTaskRunError(error);
    });
  }

  /** → CANCELED; a task still running for it is stopped at its next `ctx` call. */
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
    this.engine.finished(this.run);
  }

  private change(apply: (run: Run) => void): void {
    this.engine.runs.update(this.id, apply);
  }
}

/** Runs task definitions against the in-memory state. */
export class Engine {
  private readonly tasks = new Map<string, TaskDefinition>();
  /** Runs whose task is executing (or delayed), so cancel and close can stop them. */
  private readonly executions = new Map<string, AbortController>();
  private readonly closing = new AbortController();
  /** Data sent to running tasks. */
  readonly inputs = new InputStreamRegistry();
  readonly sessions = new SessionRegistry();

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

  /**
   * Creates a run. An uploaded payload (`application/store`) now belongs to it; a big inline
   * one is moved to the store. With `execute` (default) its task is scheduled.
   */
  createRun(input: NewRun, { execute = true } = {}): Run {
    const { payload } = input;
    const run = this.runs.create({
      ...input,
      status: input.delayUntil !== undefined ? "DELAYED" : "PENDING",
      prepare: (created) => {
        if (payload.dataType === "application/store") this.packets.claim(payload.data!, created.friendlyId);
        else created.payload = this.packets.offload(payload, `${created.friendlyId}/payload`, created.friendlyId);
      },
    });
    if (execute) this.execute(run);
    return run;
  }

  controller(runId: string): RunController {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`Unknown run ${runId}`);
    return new RunController(this, run.friendlyId);
  }

  appendStream(run: Run, key: string, data: string): void {
    // Only a new stream changes the run's row (its `realtimeStreams`), as on Trigger.dev: a part
    // of a known stream is no run change, so run feeds and the change log stay quiet.
    if (!run.realtimeStreams.includes(key)) {
      this.runs.update(run.id, (current) => {
        if (!current.realtimeStreams.includes(key)) current.realtimeStreams = [...current.realtimeStreams, key];
      });
    }
    this.streams.append(run.id, key, data);
  }

  /** Starts the run's task soon (after its delay, if any), so the trigger answers first. */
  execute(run: Run): void {
    const task = this.tasks.get(run.taskIdentifier);
    if (!task || this.closing.signal.aborted) return;
    const abort = new AbortController();
    this.executions.set(run.id, abort);
    const signal = AbortSignal.any([abort.signal, this.closing.signal]);
    const delay = run.delayUntil !== undefined && run.status === "DELAYED" ? Math.max(0, run.delayUntil - Date.now()) : 5;
    void sleep(delay, signal)
      .then(() => {
        if (run.status === "DELAYED") this.runs.update(run.id, (current) => void (current.status = "PENDING"));
        return this.runTask(task, run.friendlyId, signal);
      })
      .catch(() => {})
      .finally(() => this.executions.delete(run.id));
  }

  /** A run reached a final status: its task, if any, stops (its streams stay readable). */
  finished(run: Run): void {
    this.executions.get(run.id)?.abort();
    this.inputs.dropRun(run.friendlyId);
  }

  close(): void {
    this.closing.abort();
  }

  private async runTask(task: TaskDefinition, runId: string, signal: AbortSignal): Promise<void> {
    const control = new RunController(this, runId);
    if (signal.aborted || isFinal(control.run)) return;
    control.start();
    try {
      const payload = deserialize(this.packets.resolve(control.run.payload));
      const output = await task.run(payload, this.context(control, signal));
      if (!signal.aborted && !isFinal(control.run)) control.complete(output);
    } catch (error) {
      if (!signal.aborted && !isFinal(control.run)) control.fail(error);
    }
  }

  /** What the task sees. Once the run is canceled or the server closes, every call throws so the task ends. */
  private context(control: RunController, signal: AbortSignal): TaskContext {
    const { run } = control;
    const live = () => {
      if (signal.aborted) throw new Error(`Run ${run.friendlyId} was stopped`);
    };
    const metadata = (operation: MetadataOperation) => {
      live();
      control.applyMetadataOperations([operation]);
    };
    const hooks: RunHooks = {
      runId: run.friendlyId,
      signal,
      live,
      waiting: async (promise) => {
        live();
        control.waiting();
        const result = await abortable(promise, signal);
        live();
        control.start();
        return result;
      },
    };
    return {
      run: { id: run.friendlyId, taskIdentifier: run.taskIdentifier, tags: [...run.tags] },
      signal,
      metadata: {
        get: () => ({ ...(control.run.metadata ?? {}) }),
        set: (key, value) => metadata({ type: "set", key, value }),
        del: (key) => metadata({ type: "delete", key }),
        append: (key, value) => metadata({ type: "append", key, value }),
        remove: (key, value) => metadata({ type: "remove", key, value }),
        increment: (key, by = 1) => metadata({ type: "increment", key, value: by }),
        replace: (next) => {
          live();
          control.setMetadata(next);
        },
      },
      streams: {
        append: (key, chunk) => {
          live();
          control.appendStream(key, chunk);
        },
        pipe: async (key, source) => {
          for await (const chunk of source) {
            live();
            control.appendStream(key, chunk);
          }
        },
        input: ({ id }) => inputStream(this.inputs, hooks, id),
      },
      session: (idOrExternalId) => sessionChannels(this.sessions, hooks, addressingKey(this.sessions.find(idOrExternalId), idOrExternalId)),
      wait: {
        createToken: async (options) => {
          live();
          const { id } = this.waitpoints.create(options);
          return { id, publicAccessToken: await this.auth.sign({ scopes: [`write:waitpoints:${id}`] }, "24h") };
        },
        forToken: async <T>(id: string) => (await hooks.waiting(this.waitpoints.wait(id))) as { ok: true; output: T } | { ok: false; error: Error },
      },
      tags: {
        add: (...tags) => {
          live();
          control.setTags([...control.run.tags, ...tags]);
        },
      },
      sleep: (ms) => sleep(ms, signal),
    };
  }
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return abortable(new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.()), signal);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error("Stopped"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("Stopped"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function toTaskRunError(error: unknown): TaskRunError {
  if (error instanceof Error) return { type: "BUILT_IN_ERROR", name: error.name, message: error.message, stackTrace: error.stack ?? "" };
  if (typeof error === "string") return { type: "STRING_ERROR", raw: error };
  return { type: "CUSTOM_ERROR", raw: JSON.stringify(error) ?? String(error) };
}
