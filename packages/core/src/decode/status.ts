import type { RunStatus } from "../types.js";

// Internal (database) statuses that do not keep their name on the public run object.
const renamed: Record<string, RunStatus> = {
  WAITING_FOR_DEPLOY: "PENDING_VERSION",
  PENDING: "QUEUED",
  RETRYING_AFTER_FAILURE: "EXECUTING",
  WAITING_TO_RESUME: "WAITING",
  PAUSED: "WAITING",
  COMPLETED_SUCCESSFULLY: "COMPLETED",
  COMPLETED_WITH_ERRORS: "FAILED",
  INTERRUPTED: "FAILED",
};

// Internal statuses that are public as they are.
const kept = new Set<string>([
  "DELAYED",
  "PENDING_VERSION",
  "DEQUEUED",
  "EXECUTING",
  "CANCELED",
  "CRASHED",
  "SYSTEM_FAILURE",
  "EXPIRED",
  "TIMED_OUT",
]);

/** The public status for an internal run status; unknown statuses read as `QUEUED`, as in the SDK. */
export function publicRunStatus(status: string): RunStatus {
  if (Object.prototype.hasOwnProperty.call(renamed, status)) return renamed[status]!;
  return kept.has(status) ? (status as RunStatus) : "QUEUED";
}

export interface RunStatusFlags {
  isQueued: boolean;
  isWaiting: boolean;
  isExecuting: boolean;
  isCompleted: boolean;
  isFailed: boolean;
  isSuccess: boolean;
  isCancelled: boolean;
}

const failed = new Set<RunStatus>(["FAILED", "CRASHED", "SYSTEM_FAILURE", "EXPIRED", "TIMED_OUT"]);

/** The boolean helpers of a public status. A canceled run is neither completed nor failed. */
export function runStatusFlags(status: RunStatus): RunStatusFlags {
  const isFailed = failed.has(status);
  const isSuccess = status === "COMPLETED";
  return {
    isQueued: status === "QUEUED" || status === "PENDING_VERSION" || status === "DELAYED",
    isWaiting: status === "WAITING",
    isExecuting: status === "EXECUTING" || status === "DEQUEUED",
    isCompleted: isSuccess || isFailed,
    isFailed,
    isSuccess,
    isCancelled: status === "CANCELED",
  };
}
