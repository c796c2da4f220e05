import { flushSync } from "svelte";
import { adapterCases, driverFrom, surfaceCases, type Mounted } from "@trigger-realtime/test-support";
import {
  useInputStreamSend,
  useSessionAppend,
  useRealtimeTaskTrigger,
  useRun,
  useRunQuery,
  useSessionChannel,
  useSessionStream,
  useStream,
  useTaskTrigger,
  useWaitToken,
} from "../src/index.js";
import { useDevServer } from "./helpers.js";

const dev = useDevServer();

/** Calls a runes helper with each argument as a getter over one `$state`, read by an effect; `update` sets the state. */
function mount<A extends unknown[]>(use: (...args: any[]) => { readonly current: object }, args: A): Mounted<any, A> {
  let current = $state.raw(args);
  const helper = use(...args.map((_, index) => () => current[index]));
  const dispose = $effect.root(() => {
    $effect(() => void helper.current);
  });
  flushSync();
  return {
    current: () => ({ ...helper, ...helper.current }),
    update: (...next) => {
      current = next;
      flushSync();
    },
    unmount: dispose,
  };
}

const driver = driverFrom(mount, { run: useRun, stream: useStream, taskTrigger: useTaskTrigger, realtimeTaskTrigger: useRealtimeTaskTrigger, waitToken: useWaitToken });

adapterCases("svelte", driver, dev);

surfaceCases("svelte", mount, { inputStreamSend: useInputStreamSend, sessionAppend: useSessionAppend, sessionStream: useSessionStream, sessionChannel: useSessionChannel, runQuery: useRunQuery }, dev);
