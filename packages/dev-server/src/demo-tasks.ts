import { defineTask } from "./tasks.js";

/** metadata.progress goes 0 → 100 over `steps` steps. */
export const progressTask = defineTask<{ steps?: number; delayMs?: number }, { steps: number }>({
  id: "progress",
  async run({ steps = 10, delayMs = 300 } = {}, ctx) {
    ctx.metadata.set("progress", 0);
    ctx.metadata.set("step", 0);
    for (let step = 1; step <= steps; step++) {
      await ctx.sleep(delayMs);
      ctx.metadata.set("step", step);
      ctx.metadata.set("progress", Math.round((step / steps) * 100));
    }
    return { steps };
  },
});

/** Writes an answer word by word into the stream "text", like an LLM streaming tokens. */
export const aiStreamTask = defineTask<{ prompt: string; delayMs?: number }, { text: string }>({
  id: "ai-stream",
  async run({ prompt, delayMs = 50 }, ctx) {
    ctx.metadata.set("status", "generating");
    const answer = `You asked: "${prompt}". Here is a streamed answer, one token at a time, from the trigger-realtime dev server.`;
    const tokens = answer.split(/(?<= )/);
    async function* generate() {
      for (const token of tokens) {
        await ctx.sleep(delayMs);
        yield token;
      }
    }
    await ctx.streams.pipe("text", generate());
    ctx.metadata.set("status", "done");
    return { text: tokens.join("") };
  },
});

/** Waits for a person: creates a wait token, exposes it in metadata, resumes when it is completed. */
export const approvalTask = defineTask<{ question?: string; timeout?: string }, { approved: boolean }>({
  id: "approval",
  async run({ question = "Approve this run?", timeout = "1h" } = {}, ctx) {
    const token = await ctx.wait.createToken({ timeout });
    // Metadata given at trigger time is kept; the token goes next to it.
    ctx.metadata.set("question", question);
    ctx.metadata.set("waitpointToken", token.publicAccessToken);
    ctx.metadata.set("decision", "pending");
    ctx.metadata.set("waitpointId", token.id);
    const result = await ctx.wait.forToken<{ approved?: boolean }>(token.id);
    if (!result.ok) throw result.error;
    const approved = result.output?.approved === true;
    ctx.metadata.set("decision", approved ? "approved" : "rejected");
    return { approved };
  },
});

/** Fails on purpose, to show errors. */
export const failingTask = defineTask<{ delayMs?: number; message?: string }, never>({
  id: "fail",
  async run({ delayMs = 200, message = "Demo failure" } = {}, ctx) {
    await ctx.sleep(delayMs);
    throw new Error(message);
  },
});

/**
 * Returns values JSON cannot carry, as the SDK writes them (superjson with its custom "buffer"
 * type): a Buffer, a Date, a Map and a bigint. Clients need the SDK's superjson to read it.
 */
export const typesTask = defineTask<{ text?: string; delayMs?: number }, { buffer: Buffer; date: Date; map: Map<string, number>; big: bigint }>({
  id: "types",
  async run({ text = "hello", delayMs = 10 } = {}, ctx) {
    await ctx.sleep(delayMs);
    return { buffer: Buffer.from(text), date: new Date(Date.UTC(2025, 6, 16, 10)), map: new Map([["answer", 42]]), big: 2n ** 70n };
  },
});

/** What the user may send to a `steerable-answer` run on its input stream "control". */
export type SteeringMessage = { type: "stop" } | { type: "redirect"; prompt: string };

/**
 * Streams an answer token by token into the stream "text", steered through input streams: a
 * `{ type: "redirect", prompt }` on "control" starts over on the new prompt, `{ type: "stop" }`
 * ends the answer where it is. With `awaitFeedback`, the run then waits (status WAITING) for one
 * message on "feedback" and returns it.
 */
export const steerableAnswerTask = defineTask<
  { prompt: string; delayMs?: number; awaitFeedback?: boolean; feedbackTimeout?: string },
  { text: string; stopped: boolean; prompts: string[]; feedback?: unknown }
>({
  id: "steerable-answer",
  async run({ prompt, delayMs = 50, awaitFeedback = false, feedbackTimeout = "10m" }, ctx) {
    const prompts = [prompt];
    let stopped = false;
    const control = ctx.streams.input<SteeringMessage>({ id: "control" }).on((message) => {
      if (message?.type === "stop") stopped = true;
      else if (message?.type === "redirect" && typeof message.prompt === "string") prompts.push(message.prompt);
    });
    ctx.metadata.set("status", "answering");
    let text = "";
    let answered = 0;
    // Always the newest prompt; a redirect mid-answer ends this one and starts on the new one.
    while (!stopped && answered < prompts.length) {
      const index = prompts.length - 1;
      for (const token of answerTo(prompts[index]!, index > 0)) {
        if (stopped || prompts.length - 1 !== index) break;
        await ctx.sleep(delayMs);
        ctx.streams.append("text", token);
        text += token;
      }
      answered = index + 1;
    }
    control.off();
    ctx.metadata.set("status", stopped ? "stopped" : "answered");
    if (!awaitFeedback) return { text, stopped, prompts };
    ctx.metadata.set("status", "awaiting-feedback");
    const feedback = await ctx.streams.input({ id: "feedback" }).wait({ timeout: feedbackTimeout });
    ctx.metadata.set("status", "done");
    return { text, stopped, prompts, feedback: feedback.ok ? feedback.output : undefined };
  },
});

const answerTo = (prompt: string, redirected: boolean) =>
  `${redirected ? " → " : ""}On "${prompt}": here is an answer, streamed one token at a time, that you can redirect or stop.`.split(/(?<= )/);

/**
 * A chat on a session: takes each message clients append to `in` (a string, or `{ text }`),
 * answers it on `out` as streamed string tokens, then writes a `turn-complete` control record.
 * Ends on the message "/end", or after `idleTimeoutInSeconds` (default 600) without one.
 */
export const sessionChatTask = defineTask<{ sessionId: string; delayMs?: number; idleTimeoutInSeconds?: number }, { turns: number }>({
  id: "session-chat",
  async run({ sessionId, delayMs = 20, idleTimeoutInSeconds = 600 }, ctx) {
    const session = ctx.session<string | { text?: string }, string>(sessionId);
    let turns = 0;
    for (;;) {
      const message = await session.in.wait({ timeout: idleTimeoutInSeconds * 1000 });
      if (!message.ok) break;
      const text = typeof message.output === "string" ? message.output : String(message.output?.text ?? "");
      if (text === "/end") break;
      turns++;
      ctx.metadata.set("turns", turns);
      for (const token of `You said: ${text}`.split(/(?<= )/)) {
        await ctx.sleep(delayMs);
        session.out.append(token);
      }
      session.out.control("turn-complete");
    }
    return { turns };
  },
});

export const demoTasks = [progressTask, aiStreamTask, approvalTask, failingTask, typesTask, steerableAnswerTask, sessionChatTask];
