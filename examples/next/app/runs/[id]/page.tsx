import { notFound } from "next/navigation";
import { isRunId, runPageData } from "../../../../shared/run-page";
import { RunProgress } from "./run-progress";

// A run page is about one run now: never cached.
export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isRunId(id)) notFound();
  // The run as it is now, read on the server with a token for this run only.
  const { runId, accessToken, baseURL, initialState } = await runPageData(id);
  return <RunProgress runId={runId} accessToken={accessToken} baseURL={baseURL} initialState={initialState} />;
}
