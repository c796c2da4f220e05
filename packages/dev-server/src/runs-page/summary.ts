import { publicStatus, type PublicStatus, type Run } from "../model.js";

/** A run as the runs page lists it. */
export interface RunSummary {
  id: string;
  taskIdentifier: string;
  status: PublicStatus;
  tags: string[];
  metadata: Record<string, unknown> | undefined;
  createdAt: string;
}

/** The newest runs first, at most `limit`. */
export function summarizeRuns(runs: Iterable<Run>, limit = 200): RunSummary[] {
  return [...runs]
    .sort((a, b) => b.createdAt - a.createdAt || b.number - a.number)
    .slice(0, limit)
    .map((run) => ({
      id: run.friendlyId,
      taskIdentifier: run.taskIdentifier,
      status: publicStatus(run.status),
      tags: run.tags,
      metadata: run.metadata,
      createdAt: new Date(run.createdAt).toISOString(),
    }));
}
