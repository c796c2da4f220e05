import type { StreamsVersion } from "./streams.js";

/** Trigger.dev's internal run statuses (what run rows carry). */
export type InternalStatus =
  | "DELAYED"
  | "PENDING"
  | "DEQUEUED"
  | "EXECUTING"
  | "WAITING_TO_RESUME"
  | "COMPLETED_SUCCESSFULLY"
  | "COMPLETED_WITH_ERRORS"
  | "CANCELED"
  | "CRASHED"
  | "SYSTEM_FAILURE"
  | "EXPIRED"
  | "TIMED_OUT";

export const FINAL_STATUSES: ReadonlySet<InternalStatus> = new Set([
  "COMPLETED_SUCCESSFULLY",
  "COMPLETED_WITH_ERRORS",
  "CANCELED",
  "CRASHED",
  "SYSTEM_FAILURE",
  "EXPIRED",
  "TIMED_OUT",
]);

/** What a failed run's `error` column holds. */
export type TaskRunError =
  | { type: "BUILT_IN_ERROR"; name: string; message: string; stackTrace: string }
  | { type: "STRING_ERROR"; raw: string }
  | { type: "CUSTOM_ERROR"; raw: string };

/** A serialized value with its content type, as run rows store payloads and outputs. */
export interface Packet {
  data: string | undefined;
  dataType: string;
}

export interface Run {
  /** Internal id (the row key); clients see `friendlyId`. */
  id: string;
  friendlyId: string;
  taskIdentifier: string;
  number: number;
  status: InternalStatus;
  createdAt: number;
  updatedAt: number;
  queuedAt: number;
  startedAt?: number;
  completedAt?: number;
  delayUntil?: number;
  expiredAt?: number;
  ttl?: string;
  isTest: boolean;
  usageDurationMs: number;
  costInCents: number;
  baseCostInCents: number;
  payload: Packet;
  output?: Packet;
  metadata?: Record<string, unknown>;
  tags: string[];
  error?: TaskRunError;
  realtimeStreams: string[];
  /** The stream backend its streams are read from, stamped at trigger time. */
  realtimeStreamsVersion: StreamsVersion;
  batchId?: string;
  idempotencyKey?: string;
  /** Wire values that replace the real ones (to test clients against broken rows). */
  corruptColumns?: Record<string, string | null>;
}

export interface Batch {
  id: string;
  friendlyId: string;
  runIds: string[];
  expectedCount: number;
  /** Item indexes already accepted (two-phase batches): a resent item is deduplicated. */
  itemIndexes: Set<number>;
  /** Stamped on the batch's runs. */
  realtimeStreamsVersion: StreamsVersion;
}

export const isFinal = (run: Run) => FINAL_STATUSES.has(run.status);

/** The status clients see (Trigger.dev's public run status). */
export type PublicStatus =
  | "DELAYED"
  | "QUEUED"
  | "DEQUEUED"
  | "EXECUTING"
  | "WAITING"
  | "COMPLETED"
  | "FAILED"
  | "CANCELED"
  | "CRASHED"
  | "SYSTEM_FAILURE"
  | "EXPIRED"
  | "TIMED_OUT";

export function publicStatus(status: InternalStatus): PublicStatus {
  switch (status) {
    case "PENDING":
      return "QUEUED";
    case "WAITING_TO_RESUME":
      return "WAITING";
    case "COMPLETED_SUCCESSFULLY":
      return "COMPLETED";
    case "COMPLETED_WITH_ERRORS":
      return "FAILED";
    default:
      return status;
  }
}
