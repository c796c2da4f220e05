import { friendlyId } from "./ids.js";
import { parseDuration } from "./shapes/duration.js";

export type WaitResult = { ok: true; output: unknown } | { ok: false; error: Error };

interface Waitpoint {
  id: string;
  status: "WAITING" | "COMPLETED" | "TIMED_OUT";
  output?: unknown;
  waiters: Array<(result: WaitResult) => void>;
  timer?: ReturnType<typeof setTimeout>;
}

/** Wait tokens: created by tasks or the backend, completed by anyone holding the token. */
export class WaitpointRegistry {
  private readonly waitpoints = new Map<string, Waitpoint>();
  private readonly idempotency = new Map<string, string>();

  create(options: { timeout?: string | Date; idempotencyKey?: string } = {}): { id: string; isCached: boolean } {
    if (options.idempotencyKey) {
      const cached = this.idempotency.get(options.idempotencyKey);
      if (cached) return { id: cached, isCached: true };
    }
    const waitpoint: Waitpoint = { id: friendlyId("waitpoint"), status: "WAITING", waiters: [] };
    this.waitpoints.set(waitpoint.id, waitpoint);
    if (options.idempotencyKey) this.idempotency.set(options.idempotencyKey, waitpoint.id);
    const timeoutMs = timeoutOf(options.timeout);
    if (timeoutMs !== undefined) {
      waitpoint.timer = setTimeout(() => this.settle(waitpoint, "TIMED_OUT", undefined), timeoutMs);
      waitpoint.timer.unref?.();
    }
    return { id: waitpoint.id, isCached: false };
  }

  has(id: string): boolean {
    return this.waitpoints.has(id);
  }

  /** Completes the token; completing it again is a no-op, like Trigger.dev. */
  complete(id: string, output: unknown): boolean {
    const waitpoint = this.waitpoints.get(id);
    if (!waitpoint) return false;
    if (waitpoint.status === "WAITING") this.settle(waitpoint, "COMPLETED", output);
    return true;
  }

  wait(id: string): Promise<WaitResult> {
    const waitpoint = this.waitpoints.get(id);
    if (!waitpoint) return Promise.resolve({ ok: false, error: new Error(`Unknown wait token ${id}`) });
    if (waitpoint.status !== "WAITING") return Promise.resolve(resultOf(waitpoint));
    return new Promise((resolve) => waitpoint.waiters.push(resolve));
  }

  close(): void {
    for (const waitpoint of this.waitpoints.values()) clearTimeout(waitpoint.timer);
  }

  private settle(waitpoint: Waitpoint, status: Waitpoint["status"], output: unknown) {
    clearTimeout(waitpoint.timer);
    waitpoint.status = status;
    waitpoint.output = output;
    for (const waiter of waitpoint.waiters.splice(0)) waiter(resultOf(waitpoint));
  }
}

function resultOf(waitpoint: Waitpoint): WaitResult {
  return waitpoint.status === "COMPLETED"
    ? { ok: true, output: waitpoint.output }
    : { ok: false, error: new Error(`Wait token ${waitpoint.id} timed out`) };
}

function timeoutOf(timeout: string | Date | undefined): number | undefined {
  if (timeout === undefined) return undefined;
  if (timeout instanceof Date) return Math.max(0, timeout.getTime() - Date.now());
  const duration = parseDuration(timeout);
  if (duration !== undefined) return duration;
  const date = Date.parse(timeout);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
