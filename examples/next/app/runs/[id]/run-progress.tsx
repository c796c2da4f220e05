"use client";
import { useRealtimeRun } from "@trigger-realtime/react";
import { progressOf, statusClass } from "../../../../shared/client";
import type { RunPageData } from "../../../../shared/run-page";

/** Rendered on the server from `initialState`, then follows the run live in the browser. */
export function RunProgress({ runId, accessToken, baseURL, initialState }: RunPageData) {
  const { run, error } = useRealtimeRun(runId, { accessToken, baseURL, initialState });
  const progress = progressOf(run?.metadata);
  return (
    <section data-testid="progress-demo">
      <h2 className="run-title">
        Run <code data-testid="run-id">{runId}</code>
        <span className={`badge ${statusClass(run?.status)}`} data-testid="status">{run?.status ?? "UNKNOWN"}</span>
      </h2>
      <div className="row">
        <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress}>
          <div style={{ width: `${progress}%` }} />
        </div>
        <span className="percent" data-testid="percent">{progress}%</span>
      </div>
      {error ? <p className="error" role="alert">{error.message}</p> : null}
      <p><a href="/">Start another run</a></p>
    </section>
  );
}
