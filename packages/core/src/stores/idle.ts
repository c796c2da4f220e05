import { atom } from "nanostores";
import { initialRunsState } from "./runs.js";
import { initialRunState } from "./run.js";
import { initialRunWithStreamsState } from "./run-with-streams.js";
import { initialStreamState } from "./stream.js";
import { initialSessionStreamState, type SessionStreamState } from "./session-stream.js";
import { initialRunQueryState, type RunQueryState } from "./run-query.js";
import type { RunsState, RunState, RunWithStreamsState, StreamState } from "../state.js";
import type { SubscriptionStore } from "./subscription.js";

function idleStore<S>(state: S): SubscriptionStore<S> {
  return Object.assign(atom(state), { key: "idle", stop() {} });
}

// Shared inert atoms for subscriptions that are disabled or have no id yet: adapters bind to
// these instead of calling hooks conditionally.
export const idleRunStore = idleStore<RunState<any, any>>({ ...initialRunState, isLoading: false });
export const idleRunsStore = idleStore<RunsState<any, any>>({ ...initialRunsState, isLoading: false });
export const idleStreamStore = idleStore<StreamState<any>>({ ...initialStreamState, isLoading: false });
export const idleRunWithStreamsStore = idleStore<RunWithStreamsState<any, any, any>>({ ...initialRunWithStreamsState, isLoading: false });
export const idleSessionStreamStore = idleStore<SessionStreamState<any>>({ ...initialSessionStreamState, isLoading: false });
export const idleRunQueryStore = idleStore<RunQueryState<any, any>>({ ...initialRunQueryState, isLoading: false });
