import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { startDevServer } from "./server.js";
import type { TaskDefinition } from "./tasks.js";

const usage = `Usage: trigger-realtime-dev [--port 3030] [--host 127.0.0.1] [--secret-key tr_dev_…] [--allowed-hosts a,b] [--tasks ./tasks.js]
                            [--streams-version v1|v2] [--realtime-backend electric|native]

Starts a local Trigger.dev-compatible API. Without --tasks it runs the demo tasks
(progress, ai-stream, approval, fail, types, steerable-answer, session-chat). A tasks module exports task definitions
({ id, run(payload, ctx) }) as named exports, a \`tasks\` array or its default export.
The secret key is $TRIGGER_SECRET_KEY, or a random one made at start (printed).
Requests must name the server as localhost, 127.0.0.1, [::1], the --host address or
one of --allowed-hosts (comma-separated host names; * allows any).
--streams-version is the stream version of runs whose trigger asks for none (default v1).
--realtime-backend picks which of Trigger.dev Cloud's feeds to imitate: electric (the
default, Electric's partial updates) or native (full rows).`;

async function loadTasks(path: string): Promise<TaskDefinition[]> {
  const module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  const candidates = [module.tasks, module.default, ...Object.values(module)].flat();
  const tasks = candidates.filter(
    (value): value is TaskDefinition => !!value && typeof value === "object" && typeof (value as TaskDefinition).id === "string" && typeof (value as TaskDefinition).run === "function",
  );
  const unique = [...new Map(tasks.map((task) => [task.id, task])).values()];
  if (unique.length === 0) throw new Error(`${path} exports no task definitions`);
  return unique;
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.PORT ?? "3030" },
      host: { type: "string", default: "127.0.0.1" },
      "secret-key": { type: "string", default: process.env.TRIGGER_SECRET_KEY || undefined },
      "allowed-hosts": { type: "string" },
      tasks: { type: "string" },
      "streams-version": { type: "string", default: "v1" },
      "realtime-backend": { type: "string", default: "electric" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${values.port}`);
  const streamsVersion = values["streams-version"];
  if (streamsVersion !== "v1" && streamsVersion !== "v2") throw new Error(`Invalid --streams-version ${streamsVersion}`);
  const backend = values["realtime-backend"];
  if (backend !== "electric" && backend !== "native") throw new Error(`Invalid --realtime-backend ${backend} (electric or native)`);
  const server = await startDevServer({
    realtimeBackend: backend,
    port,
    host: values.host,
    secretKey: values["secret-key"],
    allowedHosts: values["allowed-hosts"]?.split(",").map((name) => name.trim()).filter(Boolean),
    tasks: values.tasks ? await loadTasks(values.tasks) : undefined,
    realtimeStreamsDefaultVersion: streamsVersion,
  });
  console.log(`Trigger.dev dev server listening on ${server.url}\nSecret key: ${server.secretKey}\nRealtime backend: ${server.realtimeBackend}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  console.error(usage);
  process.exit(1);
});
