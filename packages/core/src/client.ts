import { RealtimeError } from "./errors.js";
import { subscriptionKey } from "./stores/key.js";

export const DEFAULT_BASE_URL = "https://api.trigger.dev";

/** Sent so the server answers in the current wire format (e.g. `DEQUEUED` status). */
export const API_VERSION = "2025-07-16";

export interface RealtimeClientOptions {
  /** API origin. Defaults to Trigger.dev Cloud. */
  baseURL?: string;
  /** A public access token (or a secret key on the server). */
  accessToken?: string;
  /** Called after a 401/403 to get a fresh token; subscriptions then carry on with it. */
  refreshAccessToken?: () => Promise<string>;
  /** A custom fetch (tests, proxies, React Native). */
  fetch?: typeof fetch;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** Sent as `x-trigger-branch` for preview branches. */
  previewBranch?: string;
}

export interface RealtimeClient {
  /** Identity of this configuration; part of every subscription key. */
  readonly key: string;
  readonly baseURL: string;
  /** The token in use (changes after a refresh). */
  readonly accessToken: string | undefined;
  /** The options it was made with (functions follow the latest `getRealtimeClient` call). */
  readonly options: Readonly<RealtimeClientOptions>;
  /** Fetches `path` on the API with auth and protocol headers; refreshes the token once on 401/403. */
  request(path: string, init?: RequestInit & { kind?: RequestKind }): Promise<Response>;
  /** A fetch with the same auth and refresh behaviour, for libraries that take a fetch (Electric). */
  readonly fetch: typeof fetch;
  /** Asks `refreshAccessToken` for a new token; concurrent calls share one refresh. */
  refresh(): Promise<boolean>;
}

/** `shape` requests carry the slim header set the official client sends to run feeds. */
export type RequestKind = "api" | "shape" | "stream";

const clientVersion = "4.8.3";

export function createRealtimeClient(options: RealtimeClientOptions = {}): RealtimeClient {
  const baseURL = (options.baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  let accessToken = options.accessToken;
  let refreshing: Promise<boolean> | undefined;
  const fetchImpl = () => options.fetch ?? globalThis.fetch;

  const headersFor = (kind: RequestKind): Record<string, string> => {
    const headers: Record<string, string> = {
      "trigger-version": clientVersion,
      "x-trigger-api-version": API_VERSION,
      ...options.headers,
    };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    if (options.previewBranch) headers["x-trigger-branch"] = options.previewBranch;
    if (kind === "shape") headers["x-trigger-electric-version"] = "1.0.0-beta.1";
    if (kind === "api") {
      headers["content-type"] = "application/json";
      headers["x-trigger-source"] = "sdk";
      // As the SDK: runs this client triggers get S2 (v2) streams where the server has them,
      // unless `headers` asks for v1.
      headers["x-trigger-realtime-streams-version"] = headerOf(options.headers, "x-trigger-realtime-streams-version") ?? "v2";
      if (isBrowser()) headers["x-trigger-client"] = "browser";
    }
    return headers;
  };

  const refresh = (): Promise<boolean> => {
    const refreshAccessToken = options.refreshAccessToken;
    if (!refreshAccessToken) return Promise.resolve(false);
    refreshing ??= refreshAccessToken()
      .then((token) => {
        const changed = Boolean(token) && token !== accessToken;
        if (changed) accessToken = token;
        return changed;
      })
      .catch(() => false)
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };

  const send = (url: string, init: RequestInit, kind: RequestKind) => {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(headersFor(kind))) if (!headers.has(name)) headers.set(name, value);
    if (accessToken) headers.set("authorization", `Bearer ${accessToken}`);
    return fetchImpl()(url, { ...init, headers });
  };

  const fetchWithRefresh = async (url: string, init: RequestInit, kind: RequestKind): Promise<Response> => {
    let response: Response;
    try {
      response = await send(url, init, kind);
    } catch (cause) {
      if (isAbort(cause)) throw cause;
      throw new RealtimeError("network", `Could not reach ${baseURL}: ${(cause as Error)?.message ?? cause}`, undefined, { cause });
    }
    if ((response.status === 401 || response.status === 403) && (await refresh())) {
      return send(url, init, kind);
    }
    return response;
  };

  return {
    key: clientKey(baseURL, options),
    baseURL,
    get accessToken() {
      return accessToken;
    },
    options,
    request: (path, init = {}) => fetchWithRefresh(`${baseURL}${path}`, init, init.kind ?? "api"),
    fetch: ((input: RequestInfo | URL, init: RequestInit = {}) =>
      fetchWithRefresh(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, init, "shape")) as typeof fetch,
    refresh,
  };
}

function clientKey(baseURL: string, options: RealtimeClientOptions): string {
  return subscriptionKey(baseURL, options.accessToken ?? "", options.previewBranch ?? "", options.headers ?? {});
}

const headerOf = (headers: Record<string, string> | undefined, name: string) =>
  Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

const isBrowser = () => typeof window !== "undefined" && typeof window.document !== "undefined";

const isAbort = (cause: unknown) => (cause as { name?: string } | null)?.name === "AbortError";

const clients = new Map<string, { client: RealtimeClient; latest: RealtimeClientOptions }>();
const MAX_CACHED_CLIENTS = 64;

/**
 * The shared client for a configuration: the same baseURL, token, branch and headers give the
 * same client, so subscriptions keyed on it are shared. Function options (`fetch`,
 * `refreshAccessToken`) follow the latest call without changing identity.
 */
export function getRealtimeClient(options: RealtimeClientOptions = {}): RealtimeClient {
  const baseURL = (options.baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const key = clientKey(baseURL, options);
  const cached = clients.get(key);
  if (cached) {
    cached.latest.fetch = options.fetch;
    cached.latest.refreshAccessToken = options.refreshAccessToken;
    return cached.client;
  }
  const latest = { ...options };
  const client = createRealtimeClient({
    ...options,
    get fetch() {
      return latest.fetch;
    },
    get refreshAccessToken() {
      return latest.refreshAccessToken;
    },
  });
  if (clients.size >= MAX_CACHED_CLIENTS) clients.delete(clients.keys().next().value!);
  clients.set(key, { client, latest });
  return client;
}
