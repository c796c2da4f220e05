import { useEffect, useLayoutEffect, useRef, type RefObject } from "react";

// useLayoutEffect warns during server rendering in React 18; the ref is only read after mount.
const useClientLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

/**
 * A ref that always holds a hook's latest arguments: store listeners call callbacks through it,
 * so a new closure on every render never resubscribes. The arguments themselves are the effect's
 * dependencies, one by one: a render caused by the atom (same id, same options object) runs no
 * effect, and a layout effect on every commit would cost more than the rest of the hook.
 */
export function useLatestArgs<Args extends readonly unknown[]>(args: Args): RefObject<Args> {
  const ref = useRef(args);
  useClientLayoutEffect(() => {
    ref.current = args;
  }, args);
  return ref;
}
