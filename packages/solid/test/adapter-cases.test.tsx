import { createRoot, createSignal } from "solid-js";
import { adapterCases, driverFrom, surfaceCases, type Mounted } from "@trigger-realtime/test-support";
import {
  createInputStreamSend,
  createSessionAppend,
  createRealtimeTaskTrigger,
  createRun,
  createRunQuery,
  createSessionChannel,
  createSessionStream,
  createStream,
  createTaskTrigger,
  createWaitToken,
} from "../src/index.js";
import { useDevServer } from "./dev-server.js";

const dev = useDevServer();
const METHODS = new Set(["submit", "complete", "send", "stop"]);

/** Runs `create` in a root with each argument as an accessor over one signal; `update` sets it. */
function mount<A extends unknown[]>(create: (...args: any[]) => object, args: A): Mounted<any, A> {
  const [current, setCurrent] = createSignal(args);
  let dispose!: () => void;
  const result = createRoot((disposeRoot) => {
    dispose = disposeRoot;
    return create(...args.map((_, index) => () => current()[index]));
  });
  return {
    current: () =>
      Object.fromEntries(Object.entries(result).map(([name, value]) => [name, METHODS.has(name) ? value : (value as () => unknown)()])),
    update: (...next) => setCurrent(() => next),
    unmount: () => dispose(),
  };
}

const driver = driverFrom(mount, {
  run: createRun,
  stream: createStream,
  taskTrigger: createTaskTrigger,
  realtimeTaskTrigger: createRealtimeTaskTrigger,
  waitToken: createWaitToken,
});

adapterCases("solid", driver, dev);

surfaceCases(
  "solid",
  mount,
  { inputStreamSend: createInputStreamSend, sessionAppend: createSessionAppend, sessionStream: createSessionStream, sessionChannel: createSessionChannel, runQuery: createRunQuery },
  dev,
);
