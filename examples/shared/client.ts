// What every example page shares: the calls to its own `/api` routes, and the runs it started,
// kept in localStorage so a reload picks them up again.
import type { ChatSession, SteerableAnswer } from "./live-demos";

/** What `/api/steer` and `/api/chat` answer (types only: nothing of the server module is bundled). */
export type { ChatSession, SteerableAnswer };

export type DemoTask = "progress" | "ai-stream" | "approval" | "fail";

export interface Session {
  userTag: string;
  /** May read this user's runs by tag. */
  publicAccessToken: string;
  baseURL: string;
}

export interface StartedRun {
  id: string;
  /** May read this run (and this user's tag). */
  publicAccessToken: string;
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${init?.method ?? "GET"} ${path} answered ${response.status}`);
  return body as T;
}

function postJson<T>(path: string, body: Record<string, unknown> = {}): Promise<T> {
  return call<T>(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

export function getSession(): Promise<Session> {
  return call<Session>("/api/session");
}

const storageKey = (task: DemoTask) => `trigger-realtime-example:${task}`;

export async function startRun(task: DemoTask, payload: Record<string, unknown> = {}): Promise<StartedRun> {
  const started = await postJson<StartedRun>(`/api/trigger/${task}`, payload);
  localStorage.setItem(storageKey(task), JSON.stringify(started));
  return started;
}

export function savedRun(task: DemoTask): StartedRun | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey(task)) ?? "null") as StartedRun | null;
    return value && typeof value.id === "string" && typeof value.publicAccessToken === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The run a demo starts with: one named in the page's address (`?progress=run_…`, how the
 * side-by-side page shows the same runs in every app), read with the session's token, which may
 * read all of this user's runs; else the run this page started last.
 */
export function initialRun(task: DemoTask, session: Session): StartedRun | undefined {
  const id = new URLSearchParams(location.search).get(task);
  if (id) return { id, publicAccessToken: session.publicAccessToken };
  return savedRun(task);
}

export function progressOf(metadata: Record<string, unknown> | undefined): number {
  const value = Number(metadata?.progress ?? 0);
  return Number.isFinite(value) ? Math.max(0, Math.min(100, value)) : 0;
}

/** What a run's badge says, and its CSS class (queued, running, waiting, success, failure, rejected). */
export function badgeOf(status: string | undefined, metadata?: Record<string, unknown>): { text: string; className: string } {
  // An approval run completes either way: its decision tells an approval from a rejection.
  if (status === "COMPLETED" && metadata?.decision === "approved") return { text: "APPROVED", className: "success" };
  if (status === "COMPLETED" && metadata?.decision === "rejected") return { text: "REJECTED", className: "rejected" };
  return { text: status ?? "NOT STARTED", className: statusClass(status) };
}

export function statusClass(status: string | undefined): string {
  switch (status) {
    case "COMPLETED":
      return "success";
    case "FAILED":
    case "CRASHED":
    case "SYSTEM_FAILURE":
    case "TIMED_OUT":
    case "CANCELED":
    case "EXPIRED":
      return "failure";
    case "EXECUTING":
    case "REATTEMPTING":
      return "running";
    case "WAITING":
    case "DELAYED":
      return "waiting";
    default:
      return "queued";
  }
}

/** Starts an answer to `prompt` that the page can redirect or stop on the input stream "control". */
export function startSteerableAnswer(prompt: string): Promise<SteerableAnswer> {
  return postJson<SteerableAnswer>("/api/steer", { prompt });
}

/** Opens a new chat: a session whose task answers each message appended to its `in` channel. */
export function openChat(): Promise<ChatSession> {
  return postJson<ChatSession>("/api/chat");
}
