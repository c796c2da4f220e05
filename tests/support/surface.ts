// Sessions and steerable runs made as a backend makes them, for the tests of input streams,
// session channels and the run query in every package.
import type { DevServerFixture } from "./dev-server.js";
import { unique } from "./unique.js";
import { eventually } from "./wait.js";

export interface ChatSession {
  id: string;
  externalId: string;
  runId: string;
  /** The public token the session was created with (reads it, appends to `in`). */
  token: string;
}

/** A session of the `session-chat` demo task: each message on `in` is answered on `out`, then `turn-complete`. */
export async function createChatSession(dev: DevServerFixture): Promise<ChatSession> {
  const externalId = unique("chat");
  const response = await fetch(`${dev.baseURL}/api/v1/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${dev.server.secretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "chat", externalId, taskIdentifier: "session-chat", triggerConfig: { basePayload: { delayMs: 2 } } }),
  });
  if (!response.ok) throw new Error(`Creating a session answered ${response.status}`);
  const body = (await response.json()) as { id: string; runId: string; publicAccessToken: string };
  return { id: body.id, externalId, runId: body.runId, token: body.publicAccessToken };
}

/**
 * Appends one text record to `path` under `/realtime/v1/sessions/:session/` (`in`, `out`,
 * `channels/<name>/in`, …). A retry after a cut socket lands once: it carries the same part id.
 */
export async function appendToSession(dev: DevServerFixture, session: string, path: string, text: string, token = dev.server.secretKey): Promise<void> {
  const partId = unique("part");
  const send = () =>
    fetch(`${dev.baseURL}/realtime/v1/sessions/${encodeURIComponent(session)}/${path}/append`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "x-part-id": partId },
      body: text,
    });
  const response = await send().catch(() => send());
  if (response.status !== 200) throw new Error(`Appending to ${path} answered ${response.status}`);
}

/** Ends a chat's run if it is still going (afterEach). */
export function endChat(dev: DevServerFixture, session: ChatSession): void {
  if (!dev.server.getRun(session.runId)?.completedAt) dev.server.run(session.runId).cancel();
}

/** Triggers `task` as a backend does; the token it answers with may send to the run's input streams. */
export async function triggerWithInputToken(dev: DevServerFixture, task: string, payload: unknown): Promise<{ id: string; token: string }> {
  const response = await fetch(`${dev.baseURL}/api/v1/tasks/${task}/trigger`, {
    method: "POST",
    headers: { authorization: `Bearer ${dev.server.secretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ payload: JSON.stringify(payload), options: { payloadType: "application/json" } }),
  });
  const { id } = (await response.json()) as { id: string };
  return { id, token: response.headers.get("x-trigger-jwt")! };
}

/** A `steerable-answer` run that has started answering, so its `control` input stream is read. */
export async function steerableRun(dev: DevServerFixture, prompt = "steer me"): Promise<{ id: string; token: string }> {
  const run = await triggerWithInputToken(dev, "steerable-answer", { prompt, delayMs: 100 });
  await eventually(() => dev.server.getRun(run.id)?.realtimeStreams.includes("text"), 10_000, "the first token");
  return run;
}

/** The output of a run once it finished, over the management API. */
export async function finishedOutput(dev: DevServerFixture, runId: string): Promise<any> {
  await eventually(() => dev.server.getRun(runId)?.completedAt, 15_000, `run ${runId} to finish`);
  const response = await fetch(`${dev.baseURL}/api/v3/runs/${runId}`, { headers: { authorization: `Bearer ${dev.server.secretKey}` } });
  return ((await response.json()) as { output: any }).output;
}
