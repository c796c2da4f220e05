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

export const demoTasks = [progressTask, aiStreamTask, approvalTask, failingTask, typesTask];
