// The examples' server side: a Vite plugin whose middleware triggers demo tasks with the official
// `@trigger.dev/sdk` and mints public access tokens scoped to one user. The secret key stays here;
// the browser only ever holds public tokens.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { auth, configure, tasks } from "@trigger.dev/sdk";
import type { Plugin } from "vite";
import { startChat, startSteerableAnswer } from "./live-demos.ts";

/** A whole number from the request within [min, max], else the default. */
function bounded(value: unknown, min: number, max: number, fallback: number): number {
  const number = Math.round(Number(value));
  return Number.isFinite(number) && value !== undefined && value !== null ? Math.max(min, Math.min(max, number)) : fallback;
}

/** The tasks a page may start, with the payload each gets (pace within bounds). */
const payloads: Record<string, (body: Record<string, unknown>) => unknown> = {
  progress: (body) => ({ steps: bounded(body.steps, 1, 100, 10), delayMs: bounded(body.delayMs, 20, 2_000, 500) }),
  "ai-stream": (body) => ({
    prompt: String(body.prompt ?? "What is Trigger.dev Realtime?").slice(0, 200),
    delayMs: bounded(body.delayMs, 10, 1_000, 80),
  }),
  approval: (body) => ({ question: String(body.question ?? "Deploy to production?").slice(0, 200) }),
  fail: () => ({ delayMs: 300, message: "This task fails on purpose" }),
};

const cookieName = "trigger_realtime_user";

function apiUrl(): string {
  return process.env.TRIGGER_API_URL ?? "http://127.0.0.1:3030";
}

/**
 * Fails fast, naming the address, when nothing answers there: the SDK would retry for about ten
 * seconds and then say only "Connection error.".
 */
async function requireDevServer(): Promise<void> {
  try {
    await fetch(`${apiUrl()}/`, { method: "HEAD", signal: AbortSignal.timeout(3_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? message(error);
    throw new Error(`Cannot reach the Trigger.dev dev server at ${apiUrl()} (${cause}): start it with \`pnpm dev\`, or point TRIGGER_API_URL at it`);
  }
}

function configureSdk(): void {
  const accessToken = process.env.TRIGGER_SECRET_KEY;
  if (!accessToken) throw new Error("TRIGGER_SECRET_KEY is not set: start the examples with `pnpm dev`");
  configure({ baseURL: apiUrl(), accessToken });
}

/** Each browser is a user: a random id in a cookie, and the tag `user_<id>` on its runs. */
function userTag(request: IncomingMessage, response: ServerResponse, create: boolean): string | undefined {
  const cookies = request.headers.cookie ?? "";
  const found = cookies.split(/;\s*/).find((pair) => pair.startsWith(`${cookieName}=`))?.slice(cookieName.length + 1);
  let id = found && /^[a-z0-9]{8,32}$/.test(found) ? found : undefined;
  if (!id && create) {
    id = randomUUID().replaceAll("-", "").slice(0, 16);
    response.setHeader("set-cookie", `${cookieName}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`);
  }
  return id ? `user_${id}` : undefined;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 10_000) throw new Error("Request body too large");
  }
  if (!text) return {};
  const value: unknown = JSON.parse(text);
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader("content-type", "application/json");
  response.setHeader("cache-control", "no-store");
  response.end(JSON.stringify(body));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function triggerApi(): Plugin {
  return {
    name: "trigger-realtime-example-api",
    configureServer(server) {
      server.middlewares.use("/api", (request, response, next) => {
        const url = new URL(request.url ?? "/", "http://localhost");
        void (async () => {
          try {
            // GET /api/session: who this browser is, and a token that may read its runs by tag.
            if (request.method === "GET" && url.pathname === "/session") {
              configureSdk();
              await requireDevServer();
              const tag = userTag(request, response, true)!;
              const publicAccessToken = await auth.createPublicToken({
                scopes: { read: { tags: [tag] } },
                expirationTime: "1h",
              });
              return send(response, 200, { userTag: tag, publicAccessToken, baseURL: apiUrl() });
            }
            // POST /api/trigger/<task>: start a demo task for this user; a token that may read that run.
            const match = /^\/trigger\/([a-z-]+)$/.exec(url.pathname);
            if (request.method === "POST" && match) {
              const taskId = match[1]!;
              const payload = payloads[taskId];
              if (!payload) return send(response, 404, { error: `Unknown task "${taskId}"` });
              const tag = userTag(request, response, false);
              if (!tag) return send(response, 401, { error: "No session: reload the page" });
              configureSdk();
              await requireDevServer();
              const handle = await tasks.trigger(taskId, payload(await readJson(request)), { tags: [tag] });
              const publicAccessToken = await auth.createPublicToken({
                scopes: { read: { runs: [handle.id], tags: [tag] } },
                expirationTime: "1h",
              });
              return send(response, 200, { id: handle.id, publicAccessToken });
            }
            // POST /api/steer {prompt}: a steerable answer for this user; a token that may read and steer it.
            // POST /api/chat: a new chat session for this user; a token that may read it and append to it.
            if (request.method === "POST" && (url.pathname === "/steer" || url.pathname === "/chat")) {
              const tag = userTag(request, response, false);
              if (!tag) return send(response, 401, { error: "No session: reload the page" });
              configureSdk();
              await requireDevServer();
              if (url.pathname === "/chat") return send(response, 200, await startChat([tag]));
              const body = await readJson(request);
              const delayMs = bounded(body.delayMs, 20, 1_000, 80);
              return send(response, 200, await startSteerableAnswer(String(body.prompt ?? ""), [tag], delayMs));
            }
            next();
          } catch (error) {
            server.config.logger.error(`[api] ${request.method} ${request.url}: ${message(error)}`);
            if (!response.headersSent) send(response, 502, { error: message(error) });
          }
        })();
      });
    },
  };
}
