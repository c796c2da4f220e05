import { toValue, type MaybeRefOrGetter, type Ref } from "vue";
import { onStreamParts, selectStreamStore, type StreamState } from "@trigger-realtime/core";
import { bindStore, fieldRefs } from "./bind-store.js";
import { useOptions } from "./options.js";
import type { UseStreamOptions } from "./types.js";

/** A stream defined with `streams.define({ id })` from `@trigger.dev/sdk` (only its id is read). */
export interface DefinedStream<TPart> {
  id: string;
  /** Carries the part type only. */
  readonly __part?: TPart;
}

type Options<TPart> = MaybeRefOrGetter<UseStreamOptions<TPart> | undefined>;

/**
 * One stream's parts, live: `{ parts, lastEventId, error, status, isLoading, stop }`. Called as
 * `useStream(runId, key, options)`, `useStream(runId, options)` (key `"default"`) or
 * `useStream(definedStream, runId, options)`.
 */
export function useStream<TPart = unknown>(runId: MaybeRefOrGetter<string | undefined>, streamKey: MaybeRefOrGetter<string>, options?: Options<TPart>): StreamRefs<TPart>;
export function useStream<TPart = unknown>(runId: MaybeRefOrGetter<string | undefined>, options?: Options<TPart>): StreamRefs<TPart>;
export function useStream<TPart>(stream: DefinedStream<TPart>, runId: MaybeRefOrGetter<string | undefined>, options?: Options<TPart>): StreamRefs<TPart>;
export function useStream<TPart = unknown>(first: unknown, second?: unknown, third?: unknown): StreamRefs<TPart> {
  const defined = typeof first === "object" && first !== null && "id" in first && !("value" in first);
  const runId = (defined ? second : first) as MaybeRefOrGetter<string | undefined>;
  // The second argument is a key when it is (or resolves to) a string, else the options.
  const keyArgument = defined ? (first as DefinedStream<TPart>).id : typeof toValue(second as MaybeRefOrGetter<unknown>) === "string" ? second : undefined;
  const options = (defined || keyArgument !== undefined ? third : second) as Options<TPart>;
  const resolve = useOptions(options);
  const { store, state } = bindStore(
    () => selectStreamStore<TPart>(toValue(runId), toValue(keyArgument as MaybeRefOrGetter<string | undefined>) ?? "default", resolve()),
    (current) =>
      onStreamParts(current, (parts) => {
        const { onParts, onData } = resolve();
        onParts?.(parts);
        if (onData) for (const part of parts) onData(part.chunk);
      }),
  );
  return { ...fieldRefs(state as Readonly<Ref<StreamState<TPart>>>, ["parts", "lastEventId", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}

export interface StreamRefs<TPart> {
  parts: Readonly<Ref<TPart[]>>;
  lastEventId: Readonly<Ref<string | undefined>>;
  error: Readonly<Ref<Error | undefined>>;
  status: Readonly<Ref<StreamState<TPart>["status"]>>;
  isLoading: Readonly<Ref<boolean>>;
  stop(): void;
}
