// Every option, declared and documented once. A store takes the `*StoreOptions` of its kind;
// the options an adapter's hook takes (`*SubscriptionOptions`) are those plus auth, enablement
// and callbacks, normalised into store options in one step (core/src/adapter/subscriptions.ts).
// Names follow `@trigger.dev/react-hooks`; the adapters extend these under their own public names.
import type { RealtimeClientOptions } from "./client.js";
import type { ServerRunsState, ServerRunState } from "./stores/server-snapshot.js";
import type { RunQueryOptions } from "./stores/run-query.js";
import type { SessionStreamOptions } from "./stores/session-stream.js";
import type { AnyTask, Metadata, RealtimeRun, SkipColumn, StreamPart } from "./types.js";

/** What every store takes. */
interface StoreOptions {
  /** Publish at most one update per window (ms). Run feeds default to 0, streams to 16. */
  throttleInMs?: number;
  /** Connect even on the server (the async iterators do). */
  allowServer?: boolean;
}

/** What every store of run rows takes. */
interface RunRowsStoreOptions extends StoreOptions {
  /** Columns the server leaves out, e.g. `["payload", "output"]` for a status badge. */
  skipColumns?: SkipColumn[];
}

export interface RunsStoreOptions extends RunRowsStoreOptions {
  /** The runs read on the server (`fetchRunsWithTagState`, `fetchBatchState`): shown from the first render, the feed resumes from them. */
  initialState?: ServerRunsState<any, any>;
}

export interface RunStoreOptions extends RunRowsStoreOptions {
  /** Close the connection once the run has finished. Default true. */
  stopOnCompletion?: boolean;
  /** The run read on the server (`fetchRunState`): shown from the first render, the feed resumes from it. Not taken by the run-with-streams store yet. */
  initialState?: ServerRunState<any, any>;
}

export interface RunsWithTagStoreOptions extends RunsStoreOptions {
  /** Only runs created within this window: `"10s"`, `"30m"`, `"1h"`, `"1d"` (the server caps it at 24h). */
  createdAt?: string;
}

export interface StreamStoreOptions extends StoreOptions {
  /** The server ends the stream after this many seconds without data. */
  timeoutInSeconds?: number;
  /** 0-based index of the first part to read (v2: sent as `Last-Event-ID: startIndex - 1`; v1: earlier parts skipped here). */
  startIndex?: number;
  /** Resume after this part id (a previous `lastEventId`); wins over `startIndex` and `from`. */
  lastEventId?: string;
  /** `"latest"` skips the history and starts at the tail. Default `"beginning"`. */
  from?: "beginning" | "latest";
  /** Keep only the newest N parts (bounded memory on endless streams). */
  maxParts?: number;
}

/** A store option that only the store's own code sets. */
type Internal = "allowServer";

/** Auth options, from a call or from the framework's auth context. */
export interface AuthOptions extends RealtimeClientOptions {}

/** Options of the actions (trigger, wait token). */
export interface ActionOptions extends AuthOptions {
  /** `false` lets the action live without a token (its methods then reject). Default true. */
  enabled?: boolean;
}

/** Options every realtime subscription takes. */
export interface SubscriptionOptions extends AuthOptions, Omit<StoreOptions, Internal> {
  /** `false` keeps the subscription idle and lets it live without a token. Default true. */
  enabled?: boolean;
  /** Alias of `throttleInMs` (the official hooks' name). */
  experimental_throttleInMs?: number;
  /**
   * Accepted for compatibility. The official hooks share state between hooks with the same `id`;
   * here everything on the same subscription (same id, token and options) already shares one
   * state and one connection.
   */
  id?: string;
}

export interface RunSubscriptionOptions<TTask = AnyTask, TMetadata = Metadata> extends SubscriptionOptions, Omit<RunStoreOptions, Internal> {
  /** Called once per run id, when that run has finished (`finishedAt` set); never earlier. */
  onComplete?: (run: RealtimeRun<TTask, TMetadata>, error?: Error) => void;
}

export interface RunsWithTagSubscriptionOptions extends SubscriptionOptions, Omit<RunsWithTagStoreOptions, Internal> {}

export interface BatchSubscriptionOptions extends SubscriptionOptions, Omit<RunsStoreOptions, Internal> {}

export interface StreamSubscriptionOptions<TPart = unknown> extends SubscriptionOptions, Omit<StreamStoreOptions, Internal | "lastEventId"> {
  /** Resume after this part id (a previous `lastEventId`, text or number); wins over `startIndex` and `from`. */
  lastEventId?: string | number;
  /** Called once per published update with its parts (`{ id, chunk, timestamp }`), while subscribed. */
  onParts?: (parts: StreamPart<TPart>[]) => void;
  /** Called for each part received, while subscribed. */
  onData?: (part: TPart) => void;
}

/** How a realtime task trigger follows the runs it creates (auth comes from its client). */
export interface RealtimeTaskTriggerOptions<TTask = AnyTask>
  extends Pick<RunSubscriptionOptions<TTask>, "throttleInMs" | "experimental_throttleInMs" | "skipColumns" | "stopOnCompletion" | "onComplete"> {
  /** `false` triggers without following the run. */
  enabled?: boolean;
  /** Also follow the streams the run writes. */
  withStreams?: boolean;
}

/** Options of a session channel subscription (`useSessionStream`): the store's options plus auth and enablement. */
export interface SessionStreamSubscriptionOptions<TRecord = unknown> extends SubscriptionOptions, Omit<SessionStreamOptions<TRecord>, Internal | "throttleInMs"> {}

/** Options of a named channel subscription (`useSessionStreamChannel`): the session is an option, the channel the argument. */
export interface SessionChannelSubscriptionOptions<TRecord = unknown, S extends "in" | "out" = "in" | "out">
  extends Omit<SessionStreamSubscriptionOptions<TRecord>, "channel" | "io"> {
  /** The id or external id of the session owning the channel; nothing is read until it is set. */
  sessionId?: string;
  /** Which side of the channel. Default `"out"`. */
  io?: S;
}

/** Options of the run query (`useRun`): the store's options plus auth and enablement. */
export interface RunQuerySubscriptionOptions extends AuthOptions, Omit<RunQueryOptions, Internal> {
  /** `false` keeps the query idle and lets it live without a token. Default true. */
  enabled?: boolean;
}
