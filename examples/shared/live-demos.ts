// The server side of the two steered demos, shared by every example app: a streamed answer the
// user can redirect or stop through an input stream, and a chat on a session. Each answer carries
// a public token that may do only what its page needs.
import { randomUUID } from "node:crypto";
import { auth, sessions, tasks } from "@trigger.dev/sdk";

/** A `steerable-answer` run and a token that may read it and write to its input streams. */
export interface SteerableAnswer {
  id: string;
  publicAccessToken: string;
}

/** A chat session (`session-chat` answers on `out`) and a token that may read and append to it. */
export interface ChatSession {
  sessionId: string;
  runId: string;
  publicAccessToken: string;
}

/** Starts a streamed answer (tokens on the stream "text"); steer it on the input stream "control". */
export async function startSteerableAnswer(prompt: string, tags: string[] = [], delayMs = 80): Promise<SteerableAnswer> {
  const handle = await tasks.trigger(
    "steerable-answer",
    { prompt: prompt.slice(0, 200) || "What is Trigger.dev Realtime?", delayMs },
    { tags },
  );
  const publicAccessToken = await auth.createPublicToken({
    scopes: { read: { runs: [handle.id] }, write: { inputStreams: [handle.id] } },
    expirationTime: "1h",
  });
  return { id: handle.id, publicAccessToken };
}

/** Opens a new chat: a session whose task answers every message appended to its `in` channel. */
export async function startChat(tags: string[] = []): Promise<ChatSession> {
  const started = await sessions.start({
    type: "chat",
    externalId: `chat_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
    taskIdentifier: "session-chat",
    triggerConfig: { basePayload: { delayMs: 30, idleTimeoutInSeconds: 600 }, tags },
  });
  return { sessionId: started.id, runId: started.runId, publicAccessToken: started.publicAccessToken };
}
