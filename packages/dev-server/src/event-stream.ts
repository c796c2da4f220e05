import type { ServerResponse } from "node:http";
import type { ServerContext } from "./context.js";

/**
 * The life of one open server-sent event response: counted in `openStreams`, cut by
 * `dropConnections`/`close`, ended once (by `end()` or by the client leaving), after which
 * `cleanup` runs and the returned promise resolves.
 */
export function holdEventStream(context: ServerContext, response: ServerResponse, cleanup: () => void): { ended: Promise<void>; end(): void; isEnded(): boolean } {
  let ended = false;
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  const end = () => {
    if (ended) return;
    ended = true;
    cleanup();
    unhold();
    response.off("close", end);
    context.openStreams.count--;
    if (!response.destroyed) response.end();
    resolve();
  };
  context.openStreams.count++;
  const unhold = context.onHold(() => response.destroy(), "stream");
  response.on("close", end);
  return { ended: promise, end, isEnded: () => ended };
}
