import { effectScope, isRef, shallowRef } from "vue";
import { adapterCases, surfaceCases, useDevServer, driverFrom, type Mounted } from "@trigger-realtime/test-support";
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

const dev = useDevServer();

/** Runs `use` in an effect scope with each argument as a getter over one ref; `update` sets the ref. */
function mount<A extends unknown[], V extends object>(use: (...args: any[]) => V, args: A): Mounted<any, A> {
  const current = shallowRef(args);
  const scope = effectScope();
  const result = scope.run(() => use(...args.map((_, index) => () => current.value[index])))!;
  return {
    current: () => Object.fromEntries(Object.entries(result).map(([name, value]) => [name, isRef(value) ? value.value : value])),
    update: (...next) => (current.value = next),
    unmount: () => scope.stop(),
  };
}

const driver = driverFrom(mount, { run: useRun, stream: useStream, taskTrigger: useTaskTrigger, realtimeTaskTrigger: useRealtimeTaskTrigger, waitToken: useWaitToken });

adapterCases("vue", driver, dev);

surfaceCases("vue", mount, { inputStreamSend: useInputStreamSend, sessionAppend: useSessionAppend, sessionStream: useSessionStream, sessionChannel: useSessionChannel, runQuery: useRunQuery }, dev);
