import { act, renderHook, waitFor } from "@testing-library/react";
import { adapterCases, driverFrom, surfaceCases, useDevServer, type Mounted } from "@trigger-realtime/test-support";
import {
  useInputStreamSend,
  useSessionAppend,
  useRealtimeRun,
  useRealtimeStream,
  useRealtimeTaskTrigger,
  useRun,
  useSessionStream,
  useSessionStreamChannel,
  useTaskTrigger,
  useWaitToken,
} from "../src/index.js";

const dev = useDevServer();

/** Renders `use(...args)`; `update` re-renders with new arguments. */
function mount<A extends unknown[], V>(use: (...args: A) => V, args: A): Mounted<V, A> {
  const { result, rerender, unmount } = renderHook((props: { args: A }) => use(...props.args), { initialProps: { args } });
  return { current: () => result.current, update: (...next) => act(() => rerender({ args: next })), unmount };
}

const driver = {
  ...driverFrom(mount, {
    run: useRealtimeRun,
    stream: useRealtimeStream,
    taskTrigger: useTaskTrigger,
    realtimeTaskTrigger: useRealtimeTaskTrigger,
    waitToken: useWaitToken,
  }),
  waitFor: (assertion: () => void) => waitFor(assertion, { timeout: 10_000 }),
};

adapterCases("react", driver, dev);

surfaceCases("react", mount, { inputStreamSend: useInputStreamSend, sessionAppend: useSessionAppend, sessionStream: useSessionStream, sessionChannel: useSessionStreamChannel, runQuery: useRun }, dev, driver.waitFor);
