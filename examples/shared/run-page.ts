// The server side of the server-rendered examples (Next.js, Nuxt, SvelteKit, SolidStart): start a
// demo run with the official `@trigger.dev/sdk`, and read a run for its page: a public token
// that may read only that run, and the run's state as it is now, for the first render.
import { auth, configure, tasks } from "@trigger.dev/sdk";
import { fetchRunState, type ServerRunState } from "@trigger-realtime/core";

/** What a run page renders from, then follows live in the browser. All of it is serializable. */
export interface RunPageData {
  runId: string;
  /** May read this run only. */
  accessToken: string;
  baseURL: string;
  initialState: ServerRunState;
}

export function apiUrl(): string {
  return process.env.TRIGGER_API_URL ?? "http://127.0.0.1:3030";
}

export function configureSdk(): void {
  const accessToken = process.env.TRIGGER_SECRET_KEY;
  if (!accessToken) throw new Error("TRIGGER_SECRET_KEY is not set: start the examples with `pnpm dev`");
  configure({ baseURL: apiUrl(), accessToken });
}

/** Starts the `progress` demo task (metadata.progress 0 → 100 over about five seconds). */
export async function startProgressRun(): Promise<string> {
  configureSdk();
  const handle = await tasks.trigger("progress", { steps: 10, delayMs: 500 });
  return handle.id;
}

export async function runPageData(runId: string): Promise<RunPageData> {
  configureSdk();
  const accessToken = await auth.createPublicToken({ scopes: { read: { runs: [runId] } }, expirationTime: "1h" });
  const baseURL = apiUrl();
  return { runId, accessToken, baseURL, initialState: await fetchRunState({ baseURL, accessToken }, runId) };
}

/** Run ids as Trigger.dev writes them: anything else is not looked up. */
export const isRunId = (value: string) => /^run_[a-z0-9]{8,40}$/.test(value);
