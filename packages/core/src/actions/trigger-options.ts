import { RealtimeError } from "../errors.js";
import { hashIdempotencyKey } from "./idempotency-key.js";

/** Options of one trigger: those of the SDK's `task.trigger()`, every one of them forwarded. */
export interface TriggerOptions {
  /** Name of the queue to run on. */
  queue?: string;
  /** Named concurrency limits the run counts against (at most two). */
  concurrency?: string | string[];
  concurrencyKey?: string;
  /** Triggering again with the same key returns the existing run (hashed like the SDK does). */
  idempotencyKey?: string | string[];
  /** How long the idempotency key holds, e.g. `"1h"`. */
  idempotencyKeyTTL?: string;
  /** Start later: a duration (`"30m"`) or a date. */
  delay?: string | Date;
  /** Expire if not started within this duration (or number of seconds). */
  ttl?: string | number;
  tags?: string | string[];
  maxAttempts?: number;
  metadata?: Record<string, unknown>;
  /** Maximum compute time in seconds. */
  maxDuration?: number;
  /** Machine preset, e.g. `"small-1x"`. */
  machine?: string;
  priority?: number;
  region?: string;
  /** Deployed version to run (sent as `lockToVersion`). */
  version?: string;
  debounce?: { key: string; delay: string; mode?: "leading" | "trailing"; maxDelay?: string };
}

/** The `options` object of a trigger request (undefined fields are dropped by JSON). */
export async function wireTriggerOptions(options: TriggerOptions = {}, payloadType: string): Promise<Record<string, unknown>> {
  const concurrency = options.concurrency === undefined ? undefined : ([] as string[]).concat(options.concurrency);
  if (concurrency && concurrency.length > 2) {
    throw new RealtimeError("bad_request", "The concurrency option accepts at most two named limits");
  }
  return {
    payloadType,
    queue: options.queue ? { name: options.queue } : undefined,
    concurrency,
    concurrencyKey: options.concurrencyKey,
    idempotencyKey: await hashIdempotencyKey(options.idempotencyKey),
    idempotencyKeyTTL: options.idempotencyKeyTTL,
    delay: options.delay,
    ttl: options.ttl,
    tags: options.tags,
    maxAttempts: options.maxAttempts,
    metadata: options.metadata,
    maxDuration: options.maxDuration,
    machine: options.machine,
    priority: options.priority,
    region: options.region,
    lockToVersion: options.version,
    debounce: options.debounce,
  };
}
