import type { RealtimeError } from "../errors.js";
import type { RunFeedOptions } from "../feeds/run-feed.js";
import type { SubscriptionStateBase as FeedState } from "../state.js";
import type { Session } from "./subscription.js";

/**
 * The status plumbing every run feed shares: retries shown as `connecting` with the reason,
 * cleared when a request succeeds; fatal errors end the session; undecodable rows surface as
 * `error` while the feed goes on.
 */
export function feedStatusHandlers<S extends FeedState>(
  session: Session<S>,
): Pick<RunFeedOptions, "onRetrying" | "onFatal" | "onInvalid"> & { delivered(): void } {
  let retryError: RealtimeError | undefined;
  let live = false;
  return {
    delivered() {
      live = true;
      retryError = undefined;
    },
    onRetrying(error) {
      if (error === retryError) return;
      retryError = error;
      const status = error ? "connecting" : live ? "live" : "connecting";
      // A complete run with streams keeps its feed a while: a retry there is no longer news.
      session.update((state) => (state.status === "complete" ? {} : ({ status, error } as Partial<S>)));
    },
    onFatal(error) {
      session.end("error", error);
    },
    onInvalid(error) {
      session.update({ error } as unknown as Partial<S>);
    },
  };
}
