// The one dev server of a `pnpm bench` run, in its own process so that its CPU time and memory
// never count towards a client's figures. Benchmarks reach it over loopback: the Trigger.dev API
// on `url`, and a small control API on `control` that drives runs and streams in-process
// (`POST /<op>` with a JSON body, answered with JSON).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { startDevServer, type RunController } from "@trigger-realtime/dev-server";

const server = await startDevServer({ port: 0 });
const controllers = new Map<string, RunController>();
const tick = () => new Promise((resolve) => setImmediate(resolve));

type Body = Record<string, any>;
const ops: Record<string, (body: Body) => unknown> = {
  async publicToken({ scopes }) {
    return { token: await server.createPublicToken({ scopes }) };
  },
  createRun({ tags, metadata, start = true }) {
    const controller = server.createRun({ taskIdentifier: "bench", tags, metadata });
    if (start) controller.start();
    controllers.set(controller.run.friendlyId, controller);
    return { id: controller.run.friendlyId };
  },
  /** `count` runs carrying `tags`, `perTick` created synchronously per event-loop turn. */
  async createRuns({ count, tags, perTick = 1000 }) {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const controller = server.createRun({ taskIdentifier: "bench", tags, metadata: { index, v: 0 } });
      controllers.set(controller.run.friendlyId, controller);
      ids.push(controller.run.friendlyId);
      if ((index + 1) % perTick === 0) await tick();
    }
    return { ids };
  },
  /** Sets `metadata` of each run (`{ index, v }`), `perTick` runs per event-loop turn. */
  async updateRuns({ ids, v, perTick = 1000 }) {
    for (let index = 0; index < ids.length; index++) {
      controllers.get(ids[index])!.setMetadata({ index, v });
      if ((index + 1) % perTick === 0) await tick();
    }
    return { updated: ids.length };
  },
  /** Appends `count` parts (`"<n> "` strings) to stream `key`, `perTick` per turn, then completes the run. */
  async appendStream({ id, key, count, perTick = 1000, complete = true }) {
    const controller = controllers.get(id)!;
    const startedAt = performance.now();
    for (let index = 0; index < count; index++) {
      controller.appendStream(key, `${index} `);
      if ((index + 1) % perTick === 0) await tick();
    }
    if (complete) controller.complete({ parts: count });
    return { ms: performance.now() - startedAt };
  },
  complete({ id }) {
    controllers.get(id)?.complete({});
    return {};
  },
  stats() {
    return server.stats();
  },
};

async function handle(request: IncomingMessage, response: ServerResponse) {
  let text = "";
  for await (const chunk of request) text += chunk;
  const op = ops[(request.url ?? "/").slice(1)];
  try {
    if (!op) throw new Error(`unknown control operation ${request.url}`);
    const result = await op(text ? JSON.parse(text) : {});
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
  } catch (error) {
    response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String((error as Error).stack ?? error) }));
  }
}

const control = createServer((request, response) => void handle(request, response));
// Benchmarks may call it again after a long quiet spell: never close a kept-alive socket under them.
control.keepAliveTimeout = 10 * 60_000;
await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
const address = control.address() as { port: number };

process.send!({ url: server.url, secretKey: server.secretKey, control: `http://127.0.0.1:${address.port}` });
process.on("disconnect", async () => {
  control.close();
  await server.close();
  process.exit(0);
});
