import type { RealtimeClient } from "../client.js";
import { parsePacket } from "../decode/packets.js";
import { downloadWithRetry } from "../decode/packets.js";
import { decodeAnswer } from "../decode/answers.js";
import { errorFromResponse, RealtimeError } from "../errors.js";
import { retrievedRunSchema } from "../schemas/retrieved-run.js";
import type { RunStatus } from "../types.js";

/** A run as the management API returns it (`runs.retrieve()`), dates as Dates. */
export interface RetrievedRunSummary {
  id: string;
  status: RunStatus;
  taskIdentifier: string;
  idempotencyKey?: string;
  version?: string;
  isQueued: boolean;
  isExecuting: boolean;
  isWaiting: boolean;
  /** Cloud's flag: COMPLETED, CANCELED, FAILED, CRASHED, SYSTEM_FAILURE (not EXPIRED or TIMED_OUT). */
  isCompleted: boolean;
  isSuccess: boolean;
  isFailed: boolean;
  isCancelled: boolean;
  isTest: boolean;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  delayedUntil?: Date;
  ttl?: string;
  expiredAt?: Date;
  tags: string[];
  costInCents: number;
  baseCostInCents: number;
  durationMs: number;
  metadata?: Record<string, any>;
  taskKind?: string;
  region?: string;
  depth: number;
  triggerFunction: "triggerAndWait" | "trigger" | "batchTriggerAndWait" | "batchTrigger";
  batchId?: string;
}

export interface RetrievedRun<TPayload = any, TOutput = any> extends RetrievedRunSummary {
  payload?: TPayload;
  payloadPresignedUrl?: string;
  output?: TOutput;
  outputPresignedUrl?: string;
  error?: { message: string; name?: string; stackTrace?: string };
  schedule?: { id: string; externalId?: string; deduplicationKey?: string; generator: { type: "CRON"; expression: string; description: string } };
  relatedRuns: { root?: RetrievedRunSummary; parent?: RetrievedRunSummary; children?: RetrievedRunSummary[] };
  attemptCount: number;
}

/** The statuses after which a run never changes again. */
const FINAL: ReadonlySet<string> = new Set(["COMPLETED", "CANCELED", "FAILED", "CRASHED", "SYSTEM_FAILURE", "EXPIRED", "TIMED_OUT"]);

/** The run has reached a status it never leaves (EXPIRED and TIMED_OUT included). */
export const isFinalRun = (run: Pick<RetrievedRunSummary, "status">) => FINAL.has(run.status);

/**
 * `GET /api/v3/runs/:id`, decoded as `runs.retrieve()` does: dates become Dates, `attemptCount`
 * defaults to 0, and offloaded payloads/outputs are downloaded from their presigned URLs and
 * parsed (left out if that fails). Needs a token that may read the run.
 */
export async function fetchRun<TPayload = any, TOutput = any>(
  client: RealtimeClient,
  runId: string,
  options: { signal?: AbortSignal } = {},
): Promise<RetrievedRun<TPayload, TOutput>> {
  const what = `run ${runId}`;
  const response = await client.request(`/api/v3/runs/${encodeURIComponent(runId)}`, { method: "GET", signal: options.signal });
  if (!response.ok) throw await errorFromResponse(response, what);
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new RealtimeError("invalid_data", `The answer for ${what} is not JSON`, response.status, { cause });
  }
  const run = decodeAnswer(retrievedRunSchema, body, `The answer for ${what} is not a run`, response.status) as unknown as RetrievedRun<TPayload, TOutput>;
  if (run.payloadPresignedUrl) run.payload = (await downloadPacket(run.payloadPresignedUrl, client)) as TPayload;
  if (run.outputPresignedUrl) run.output = (await downloadPacket(run.outputPresignedUrl, client)) as TOutput;
  return run;
}

/** A presigned packet, parsed; undefined when it cannot be had, as the SDK leaves it. */
async function downloadPacket(url: string, client: RealtimeClient): Promise<unknown> {
  try {
    const response = await downloadWithRetry(new URL(url, client.baseURL).href, "a stored packet");
    return await parsePacket({ data: await response.text(), dataType: response.headers.get("content-type") ?? "application/json" });
  } catch {
    return undefined;
  }
}
