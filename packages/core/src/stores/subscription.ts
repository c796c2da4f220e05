import { atom, onMount, type ReadableAtom } from "nanostores";
import { isServer } from "../environment.js";
import type { SubscriptionStateBase as BaseState } from "../state.js";

/** A subscription's atom: state plus a way to close its connection. */
export interface SubscriptionStore<S> extends ReadableAtom<S> {
  /** Identity of the subscription: equal keys share one atom and one connection. */
  readonly key: string;
  /** Closes the connection now; the state keeps what it had, with status `stopped`. Bound: may be called detached. */
  stop(): void;
}

/** What a store's connect function gets: a signal that ends it and a way to publish state. */
export interface Session<S> {
  readonly signal: AbortSignal;
  /**
   * Applies `patch`; patches made within one throttle window are published together.
   * `published` runs right after the state carrying the patch is published.
   */
  update(patch: Partial<S> | ((state: S) => Partial<S>), published?: () => void): void;
  /** Ends the connection with a final status, published at once. */
  end(status: "complete" | "stopped" | "error", error?: Error): void;
}

export interface SubscriptionStoreConfig<S> {
  initial: S;
  /** Coalesce updates to at most one per window (0: one per microtask). */
  throttleInMs?: number;
  /** Connect even when `isServer()` (async iterators in Node). */
  allowServer?: boolean;
  connect(session: Session<S>): void;
}

const registry = new Map<string, SubscriptionStore<any>>();

/** Matches nanostores' unmount delay: a store created during a render is mounted well within it. */
const UNUSED_ATOM_MS = 1000;

/**
 * The one atom for `key`, created on first use. Its connection opens when the first listener
 * arrives and closes when nanostores unmounts it (one second after the last listener leaves,
 * so a remount, e.g. React StrictMode, reuses the connection).
 */
export function subscriptionStore<S extends BaseState>(key: string, options: SubscriptionStoreConfig<S>): SubscriptionStore<S> {
  const existing = registry.get(key);
  if (existing) return existing as SubscriptionStore<S>;

  const $state = atom<S>(options.initial);
  let session: (Session<S> & { close(): void }) | undefined;

  onMount($state, () => {
    registry.set(key, store);
    if (isServer() && !options.allowServer) return () => registry.delete(key);
    session = openSession($state, options);
    options.connect(session);
    return () => {
      session?.close();
      session = undefined;
      if (registry.get(key) === store) registry.delete(key);
    };
  });

  const store: SubscriptionStore<S> = Object.assign($state, {
    key,
    stop: () => session?.end("stopped"),
  });
  // On the server nothing connects, so nothing is shared: keeping atoms would only leak.
  if (isServer() && !options.allowServer) return store;
  registry.set(key, store);
  // An atom nobody listens to in time (created, never mounted) leaves the registry too.
  const expiry = setTimeout(() => {
    if ($state.lc === 0 && registry.get(key) === store) registry.delete(key);
  }, UNUSED_ATOM_MS);
  (expiry as { unref?: () => void }).unref?.();
  return store;
}

function openSession<S extends BaseState>($state: ReturnType<typeof atom<S>>, options: SubscriptionStoreConfig<S>) {
  const controller = new AbortController();
  const throttleInMs = options.throttleInMs ?? 0;
  let pending: Array<Partial<S> | ((state: S) => Partial<S>)> = [];
  let published: Array<() => void> = [];
  let scheduled = false;
  let lastFlush = 0;

  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    let next = $state.get();
    for (const patch of pending) next = { ...next, ...(typeof patch === "function" ? patch(next) : patch) };
    const callbacks = published;
    pending = [];
    published = [];
    lastFlush = Date.now();
    $state.set(next);
    for (const callback of callbacks) callback();
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    const wait = throttleInMs - (Date.now() - lastFlush);
    if (wait > 0) setTimeout(flush, wait);
    else queueMicrotask(flush);
  };

  const session: Session<S> & { close(): void } = {
    signal: controller.signal,
    update(patch, onPublished) {
      if (controller.signal.aborted) return;
      pending.push(patch);
      if (onPublished) published.push(onPublished);
      schedule();
    },
    end(status, error) {
      if (controller.signal.aborted) return;
      pending.push({ status, isLoading: false, ...(error ? { error } : {}) } as Partial<S>);
      flush();
      controller.abort();
    },
    close() {
      pending = [];
      published = [];
      controller.abort();
    },
  };
  session.update({ status: "connecting" } as Partial<S>);
  return session;
}
