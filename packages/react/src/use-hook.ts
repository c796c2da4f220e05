import { useEffect, useMemo, useState } from "react";
import type { HookFactory } from "@trigger-realtime/core/adapter";
import type { ReadableAtom, StoreValue } from "nanostores";
import { useTriggerAuthContextOptional } from "./context.js";
import { useLatestArgs } from "./use-latest.js";
import { useStore } from "./use-store.js";

/**
 * Binds the atom a core hook resolves for `args` over the auth context. The atom changes only
 * when its key does; its listeners (onComplete, onParts, onData) read the latest arguments and
 * run from commit to unmount.
 */
export function useHook<Args extends readonly unknown[], T extends ReadableAtom<any>>(factory: HookFactory<Args, T>, args: Args): { store: T; state: StoreValue<T> } {
  const latest = useLatestArgs(args);
  const [hook] = useState(() => factory(() => latest.current));
  const auth = useTriggerAuthContextOptional();
  // Resolved again only when an argument or the auth context is a new value: a render caused by
  // the atom itself (same id, same options object) skips the key and client lookups.
  const resolved = useMemo(() => hook.resolve(args, auth), [hook, auth, ...args]);
  const store = useMemo(resolved.create, [resolved.key]);
  useEffect(() => hook.attach(store), [hook, store]);
  return { store, state: useStore(store) };
}
