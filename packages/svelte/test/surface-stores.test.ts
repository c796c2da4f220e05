import { surfaceCases, type Mounted } from "@trigger-realtime/test-support";
import type { Readable } from "svelte/store";
import { inputStreamSendStore, runQueryStore, sessionAppendStore, sessionChannelStore, sessionStreamStore } from "../src/index.js";
import { useDevServer } from "./helpers.js";

// The shared table against the store factories: a change of arguments makes a new store, as
// `$derived(sessionStreamStore(id, options))` does in a component.

const dev = useDevServer();

function mount<A extends unknown[]>(factory: (...args: any[]) => Readable<object>, args: A): Mounted<any, A> {
  let store = factory(...args);
  let value: object = {};
  let unsubscribe = store.subscribe((next) => (value = next));
  return {
    current: () => ({ ...store, ...value }),
    update: (...next) => {
      const previous = unsubscribe;
      store = factory(...next);
      unsubscribe = store.subscribe((state) => (value = state));
      previous();
    },
    unmount: () => unsubscribe(),
  };
}

surfaceCases("svelte stores", mount, { inputStreamSend: inputStreamSendStore, sessionAppend: sessionAppendStore, sessionStream: sessionStreamStore, sessionChannel: sessionChannelStore, runQuery: runQueryStore }, dev);
