// The options every adapter takes, each declared and documented once. Names follow
// `@trigger.dev/react-hooks`; the adapters extend these under their own public names.
import type { RealtimeClientOptions } from "./client.js";
import type { ServerRunsState, ServerRunState } from "./stores/server-snapshot.js";
import type { AnyTask, Metadata, RealtimeRun, SkipColumn, StreamPart } from "./types.js";

/** Auth options, from a call or from the framework's auth context. */
export interface AuthOptions extends RealtimeClientOptions {}

/** Options of the actions (trigger, wait token). */
export interface ActionOptions extends AuthOptions {
  /** `false` lets the action live without a token (its methods then reject). Default true. */
  enabled?: boolean;
}

/** Options every realtime subscription takes. */
export interface SubscriptionOptions extends AuthOptions {
  /** `false` keeps the subscription idle and lets it live without a token. Default true. */
  enabled?: boolean;
  /** Publish at most one update per window (ms). Streams default to 16. */
  throttleInMs?: number;
  /** Alias of `throttleInMs` (the official hooks' name). */
  experimental_throttleInMs?: number;
  /**
   * Accepted for compatibility. The official hooks share state between hooks with the same `id`;
   * here everything on the same subscription (same id, token and options) already shares one
   * state and one connection.
   */
  id?: string;
}

/** Options of every subscription to run rows. */
interface RunRowsOptions extends SubscriptionOptions {
  /** Columns the server leaves out, e.g. `["payload", "output"]` for a status badge. */
  skipColumns?: SkipColumn[];
}

export interface RunSubscriptionOptions<TTask = AnyTask, TMetadata = Metadata> extends RunRowsOptions {
  /** Called once per run id, when that run has finished (`finishedAt` set); never earlier. */
  onComplete?: (run: RealtimeRun<TTask, TMetadata>, error?: Error) => void;
  /** Close the connection once the run has finished. Default true. */
  stopOnCompletion?: boolean;
  /** The run read on the server (`fetchRunState`): shown from the first render, the feed resumes from it. Not taken by the run-with-streams subscription yet. */
  initialState?: ServerRunState<TTask, TMetadata>;
}

/** Options of the run-list subscriptions (tag, batch). */
interface RunListOptions extends RunRowsOptions {
  /** The runs read on the server (`fetchRunsWithTagState`, `fetchBatchState`): shown from the first render, the feed resumes from them. */
  initialState?: ServerRunsState<any, any>;
}

export interface RunsWithTagSubscriptionOptions extends RunListOptions {
  /** Only runs created within this window: `"10s"`, `"30m"`, `"1h"`, `"1d"` (the server caps it at 24h). */
  createdAt?: string;
}

export interface BatchSubscriptionOptions extends RunListOptions {}

export interface StreamSubscriptionOptions<TPart = unknown> extends SubscriptionOptions {
  /** The server ends the stream after this many seconds without data. */
  timeoutInSeconds?: number;
  /** 0-based index of the first part to read: the first `startIndex` parts are skipped. */
  startIndex?: number;
  /** Resume after this part id (a previous `lastEventId`); wins over `startIndex` and `from`. */
  lastEventId?: string | number;
  /** `"latest"` skips the history and starts at the tail. Default `"beginning"`. */
  from?: "beginning" | "latest";
  /** Keep only the newest N parts (bounded memory on endless streams). */
  maxParts?: number;
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
