import { FetchError, isChangeMessage, isControlMessage, ShapeStream, type Message, type Offset, type Row, type Value } from "@electric-sql/client";
import type { RealtimeClient } from "../client.js";
import { errorFromResponse, RealtimeError, toError } from "../errors.js";
import type { AnyRealtimeRun } from "../types.js";

/** One up-to-date batch of a run feed: runs that changed, and runs that left it. */
export interface RunFeedBatch {
  /** The server restarted the shape: everything known so far is gone. */
  reset: boolean;
  upserts: AnyRealtimeRun[];
  /** Ids (`run_…`) of runs that left the feed. */
  deletes: string[];
}

export interface RunFeedOptions {
  client: RealtimeClient;
  /** `/realtime/v1/runs/:id`, `/realtime/v1/runs`, `/realtime/v1/batches/:id`. */
  path: string;
  params: Record<string, string>;
  /** What the feed reads, for error messages ("run run_123"). */
  what: string;
  signal: AbortSignal;
  decode(row: Record<string, unknown>): Promise<AnyRealtimeRun>;
  onBatch(batch: RunFeedBatch): void;
  /** A row that does not decode: reported, the rest of the feed goes on. */
  onInvalid(error: RealtimeError): void;
  /** A retryable failure (429, 5xx, network) while retrying, or `undefined` once a request succeeds. */
  onRetrying(error: RealtimeError | undefined): void;
  /** A failure retrying cannot fix; the feed has stopped. */
  onFatal(error: RealtimeError): void;
  /** Start from this point of the shape (read on the server) instead of from its beginning. */
  resume?: FeedCheckpoint;
  /** Called with the feed's position at each `up-to-date`, before its batch is decoded. */
  onCheckpoint?(checkpoint: FeedCheckpoint): void;
}

/**
 * Where a run feed stands: its shape handle and offset, and the latest row per key, so a feed
 * opened elsewhere (the browser, after a server render) carries on from there.
 */
export interface FeedCheckpoint {
  path: string;
  params: Record<string, string>;
  handle: string;
  offset: string;
  rows: Array<[key: string, row: Row]>;
}

/**
 * Follows a run shape with Electric's client: keeps the latest row per key (Electric's updates
 * carry only the primary key and the changed columns, the native backend's whole rows), and on
 * every `up-to-date` decodes the rows touched since the last one as they stood then, in order,
 * even when decoding waits for an offloaded packet: one state per up-to-date, as the SDK.
 */
export function openRunFeed(options: RunFeedOptions): void {
  const { client, signal } = options;
  const rows = new Map<string, Row>(options.resume?.rows);
  let touched = new Set<string>();
  let deleted = new Set<string>();
  let reset = false;
  let queue = Promise.resolve();

  // Set when a live request failed after the server may have answered it: a server that
  // remembers what each connection was sent (Trigger.dev's native backend) counts that answer as
  // delivered. Not for a 429 (refused before any answer) nor a request the client dropped itself
  // (Electric aborts prefetches it no longer needs).
  let answerMayBeLost = false;

  const reportingFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const live = isLiveRequest(input);
    const catchingUp = answerMayBeLost && live;
    let response: Response;
    try {
      response = await client.fetch(catchingUp ? asCatchUp(input) : input, init);
    } catch (cause) {
      const error = toError(cause);
      const dropped = signal.aborted || init?.signal?.aborted === true;
      if (live && !dropped) answerMayBeLost = true;
      if (error instanceof RealtimeError && !signal.aborted) options.onRetrying(error);
      throw error;
    }
    if (response.ok || response.status === 409) options.onRetrying(undefined);
    else if (response.status === 429 || response.status >= 500) {
      if (live && response.status >= 500) answerMayBeLost = true;
      options.onRetrying(await errorFromResponse(response, options.what));
    }
    if (response.ok && catchingUp) {
      answerMayBeLost = false;
      return answeringLive(response);
    }
    return response.ok ? response : readableError(response);
  }) as typeof fetch;

  const stream = new ShapeStream({
    url: `${client.baseURL}${options.path}`,
    // Our params (tags, createdAt, skipColumns) are plain strings, never Electric's reserved ones.
    params: options.params as Record<string, never>,
    signal,
    fetchClient: reportingFetch,
    ...(options.resume ? { handle: options.resume.handle, offset: options.resume.offset as Offset } : {}),
    // A json/jsonb value that does not parse stays a string: its row fails validation on its
    // own (reported, the feed goes on) instead of failing the whole answer and the feed.
    parser: { json: lenientJson, jsonb: lenientJson },
    onError: async (error) => {
      if (signal.aborted) return;
      // The connection died while the answer was being read: retry from the last offset.
      if (isCutShort(error)) {
        answerMayBeLost = true;
        options.onRetrying(new RealtimeError("network", `Connection to ${options.what} dropped mid-answer: ${error.message}`, undefined, { cause: error }));
        return {};
      }
      options.onFatal(await toRealtimeError(error, options.what));
    },
  });

  const emit = () => {
    // The rows as they stand at this up-to-date: a later answer that lands while these are
    // still decoding (an offloaded packet, the superjson chunk) must not fold into this state.
    const batch = [...touched].flatMap((key) => rows.get(key) ?? []) as Row[];
    const gone = deleted;
    const wasReset = reset;
    touched = new Set();
    deleted = new Set();
    reset = false;
    queue = queue.then(async () => {
      const upserts: AnyRealtimeRun[] = [];
      for (const row of batch) {
        try {
          upserts.push(await options.decode(row));
        } catch (cause) {
          const error = toError(cause);
          options.onInvalid(error instanceof RealtimeError ? error : new RealtimeError("invalid_data", error.message, undefined, { cause }));
        }
      }
      if (!signal.aborted) options.onBatch({ reset: wasReset, upserts, deletes: [...gone] });
    });
  };

  // Electric also gives up after too many retries in a row: that ends the feed too.
  const onStreamError = async (error: Error) => {
    if (!signal.aborted) options.onFatal(await toRealtimeError(error, options.what));
  };

  const unsubscribe = stream.subscribe((messages: Message<Row>[]) => {
    for (const message of messages) {
      if (isChangeMessage(message)) {
        const operation = message.headers.operation;
        if (operation === "delete") {
          const friendlyId = rows.get(message.key)?.friendlyId ?? message.value.friendlyId;
          rows.delete(message.key);
          touched.delete(message.key);
          if (typeof friendlyId === "string") deleted.add(friendlyId);
        } else {
          const previous = operation === "update" ? rows.get(message.key) : undefined;
          rows.set(message.key, previous ? { ...previous, ...message.value } : message.value);
          touched.add(message.key);
        }
      } else if (isControlMessage(message)) {
        if (message.headers.control === "must-refetch") {
          rows.clear();
          touched.clear();
          deleted.clear();
          reset = true;
        } else if (message.headers.control === "up-to-date") {
          const { shapeHandle, lastOffset } = stream;
          if (options.onCheckpoint && shapeHandle) {
            options.onCheckpoint({ path: options.path, params: options.params, handle: shapeHandle, offset: lastOffset, rows: [...rows] });
          }
          emit();
        }
      }
    }
  }, onStreamError);

  // Aborting stops the requests, but the stream keeps its document `visibilitychange` listener
  // (and with it every row it holds) until it is unsubscribed: one leak per subscription ever made.
  const release = () => {
    unsubscribe();
    stream.unsubscribeAll();
  };
  if (signal.aborted) release();
  else signal.addEventListener("abort", release, { once: true });
}

/**
 * A 2xx answer whose body could not be read to its end (the connection dropped): worth retrying.
 * Electric reports it as a FetchError without text or JSON; one with text (a body of the wrong
 * shape, say) is the server's answer, not a network accident.
 */
function isCutShort(error: Error): boolean {
  return error instanceof FetchError && error.status >= 200 && error.status < 300 && error.text === undefined && error.json === undefined;
}

const urlOf = (input: RequestInfo | URL) => new URL(input instanceof Request ? input.url : String(input));
const isLiveRequest = (input: RequestInfo | URL) => urlOf(input).searchParams.get("live") === "true";

/**
 * The same request without `live`: the server's current rows from the handle's offset, at once.
 * A live retry of a lost answer would wait for the next change, since a server that keeps
 * per-connection working sets already counts the lost one as sent (Trigger.dev's native
 * backend does; Electric replays from the offset either way).
 */
function asCatchUp(input: RequestInfo | URL): string {
  const url = urlOf(input);
  url.searchParams.delete("live");
  url.searchParams.delete("cursor");
  return url.toString();
}

/** Electric's client checks a live request's answer for the cursor header, which a catch-up does not carry. */
function answeringLive(response: Response): Response {
  if (response.headers.has("electric-cursor")) return response;
  const headers = new Headers(response.headers);
  headers.set("electric-cursor", headers.get("electric-offset") ?? "0");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function lenientJson(value: string): Value {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as Value;
  } catch {
    return value;
  }
}

/**
 * An error answer whose body says JSON but is not (an HTML page from a proxy, a cut body) made
 * Electric retry it forever with no error shown; as text it becomes the error it is.
 */
async function readableError(response: Response): Promise<Response> {
  if (!(response.headers.get("content-type") ?? "").includes("json")) return response;
  let text: string;
  try {
    text = await response.clone().text();
    JSON.parse(text);
    return response;
  } catch {
    text ??= "";
  }
  const headers = new Headers(response.headers);
  headers.set("content-type", "text/plain");
  return new Response(text, { status: response.status, statusText: response.statusText, headers });
}

async function toRealtimeError(error: unknown, what: string): Promise<RealtimeError> {
  if (error instanceof RealtimeError) return error;
  if (error instanceof FetchError && error.status >= 400) {
    const body = JSON.stringify(error.json ?? {}) === "{}" && error.text ? error.text : JSON.stringify(error.json ?? "");
    return errorFromResponse(new Response(body, { status: error.status }), what);
  }
  const cause = toError(error);
  return new RealtimeError("invalid_data", `The server's answer for ${what} could not be read: ${cause.message}`, undefined, { cause });
}
