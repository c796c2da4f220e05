import { atom } from "nanostores";
import { initialRunsState } from "./runs.js";
import { initialRunState } from "./run.js";
import { initialRunWithStreamsState } from "./run-with-streams.js";
import { initialStreamState } from "./stream.js";
import type { SubscriptionStore } from "./subscription.js";

function idleStore<S>(state: S): SubscriptionStore<S> {
  return Object.assign(atom(state), { key: "idle", stop() {} });
}

// Shared inert atoms for subscriptions that are disabled or have no id yet: adapters bind to
// these instead of calling hooks conditionally.
export const idleRunStore = idleStore({ ...initialRunState, isLoading: false });
export const idleRunsStore = idleStore({ ...initialRunsState, isLoading: false });
export const idleStreamStore = idleStore({ ...initialStreamState, isLoading: false });
export const idleRunWithStreamsStore = idleStore({ ...initialRunWithStreamsState, isLoading: false });
