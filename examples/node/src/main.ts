// A backend script: triggers the demo tasks with the official `@trigger.dev/sdk`, then follows them
// with @trigger-realtime/core's async iterators — progress from run metadata, an answer streamed
// token by token, an approval completed through its wait token, and the runs of one tag — and
// steers an answer through an input stream, then chats on a session.
import { auth, configure, tasks } from "@trigger.dev/sdk";
import {
  createRealtimeClient,
  inputStreamSend,
  sessionAppend,
  sessionStream,
  subscribeToRun,
  subscribeToRunsWithTag,
  subscribeToStream,
  waitToken,
  type RealtimeClient,
} from "@trigger-realtime/core";
import { startChat, startSteerableAnswer } from "../../shared/live-demos.js";

const baseURL = process.env.TRIGGER_API_URL ?? "http://127.0.0.1:3030";
const secretKey = process.env.TRIGGER_SECRET_KEY;
if (!secretKey) {
  console.error("TRIGGER_SECRET_KEY is not set: use the key the dev server printed (`pnpm dev` prints the whole command)");
  process.exit(1);
}
const approve = process.env.APPROVE !== "false";
const delayMs = Number(process.env.DELAY_MS ?? 150);

configure({ baseURL, accessToken: secretKey });

/** Every run this script starts carries this tag. */
const tag = `script_${Date.now().toString(36)}`;

async function followProgress(client: RealtimeClient): Promise<void> {
  const handle = await tasks.trigger("progress", { steps: 5, delayMs }, { tags: [tag] });
  console.log(`progress: triggered ${handle.id}`);
  let last = "";
  for await (const run of subscribeToRun(client, handle.id)) {
    const line = `progress: ${run.status} ${Number(run.metadata?.progress ?? 0)}%`;
    if (line !== last) console.log((last = line));
  }
}

async function streamAnswer(client: RealtimeClient): Promise<void> {
  const handle = await tasks.trigger("ai-stream", { prompt: "What does trigger-realtime do?", delayMs: delayMs / 3 }, { tags: [tag] });
  console.log(`ai-stream: triggered ${handle.id}`);
  process.stdout.write("ai-stream: ");
  // Streams outlive their run (as on Trigger.dev): this read ends after 2 s without a token.
  for await (const token of subscribeToStream<string>(client, handle.id, "text", { timeoutInSeconds: 2 })) process.stdout.write(token);
  process.stdout.write("\n");
}

async function answerApproval(client: RealtimeClient): Promise<void> {
  const handle = await tasks.trigger("approval", { question: "Deploy to production?" }, { tags: [tag] });
  console.log(`approval: triggered ${handle.id}`);
  let sent = false;
  for await (const run of subscribeToRun<unknown, { question?: string; waitpointId?: string; waitpointToken?: string }>(client, handle.id)) {
    const { question, waitpointId, waitpointToken } = run.metadata ?? {};
    if (!sent && run.status === "WAITING" && waitpointId && waitpointToken) {
      sent = true;
      console.log(`approval: "${question}" → ${approve ? "approve" : "reject"}`);
      // The run hands out a token that may complete only its own wait token.
      const tokenClient = createRealtimeClient({ baseURL, accessToken: waitpointToken });
      await waitToken<{ approved: boolean }>(tokenClient, waitpointId).complete({ approved: approve });
    }
    if (run.isCompleted) {
      const output = run.output as { approved?: boolean } | undefined;
      console.log(`approval: ${run.status}, ${output?.approved ? "approved" : "rejected"}`);
    }
  }
}

/** Streams an answer, redirects it once on the input stream "control" as soon as it has begun. */
async function steerAnswer(): Promise<void> {
  // Slow enough that the redirect arrives while it is still answering.
  const answer = await startSteerableAnswer("What is a stream?", [tag], Math.max(delayMs, 100));
  console.log(`steer: triggered ${answer.id}`);
  // This token may read the run and send to its input streams, nothing else.
  const client = createRealtimeClient({ baseURL, accessToken: answer.publicAccessToken });
  const control = inputStreamSend<{ type: "redirect"; prompt: string }>(client, "control", answer.id);
  let text = "";
  for await (const token of subscribeToStream<string>(client, answer.id, "text", { timeoutInSeconds: 2 })) {
    if (!text) await control.send({ type: "redirect", prompt: "Say it shorter" });
    text += token;
  }
  console.log(`steer: ${text}`);
  for await (const run of subscribeToRun<unknown, { status?: string }>(client, answer.id)) {
    const output = run.output as { prompts?: string[] } | undefined;
    if (run.isCompleted) console.log(`steer: ${run.status}, ${run.metadata?.status} after ${output?.prompts?.length ?? 0} prompts`);
  }
}

/** Opens a chat session, sends one message to its `in` channel and reads the answer from `out`. */
async function chat(): Promise<void> {
  const session = await startChat([tag]);
  console.log(`chat: opened ${session.sessionId}`);
  const client = createRealtimeClient({ baseURL, accessToken: session.publicAccessToken });
  const out = sessionStream<string>(client, session.sessionId, { allowServer: true });
  // The answer is complete when the task writes its `turn-complete` control record.
  let stopReading = () => {};
  const answered = new Promise<string>((resolve) => {
    stopReading = out.subscribe((state) => {
      if (state.lastControl?.subtype === "turn-complete") resolve(state.records.join(""));
    });
  });
  const message = "Hello from Node";
  console.log(`chat: you: ${message}`);
  await sessionAppend<string>(client, session.sessionId).send(message);
  console.log(`chat: ${await answered} (turn complete)`);
  stopReading();
  // Ends the chat's run.
  await sessionAppend<string>(client, session.sessionId).send("/end");
}

/** The runs of this script's tag, live, until every one of them has finished. */
async function listRuns(client: RealtimeClient, count: number): Promise<void> {
  const statuses = new Map<string, string>();
  for await (const run of subscribeToRunsWithTag(client, tag, { skipColumns: ["payload", "output"] })) {
    if (statuses.get(run.id) !== run.status) console.log(`runs tagged ${tag}: ${run.taskIdentifier} ${run.id} ${run.status}`);
    statuses.set(run.id, run.status);
    if (statuses.size === count && [...statuses.values()].every((status) => status === "COMPLETED" || status === "FAILED")) break;
  }
}

async function main(): Promise<void> {
  // A public token that may read this tag's runs (and so each of them, and their streams).
  const accessToken = await auth.createPublicToken({ scopes: { read: { tags: [tag] } }, expirationTime: "1h" });
  const client = createRealtimeClient({ baseURL, accessToken });
  console.log(`Trigger.dev API: ${baseURL}, tag ${tag}`);

  await followProgress(client);
  await streamAnswer(client);
  await answerApproval(client);
  await listRuns(client, 3);
  await steerAnswer();
  await chat();
  console.log("done");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
