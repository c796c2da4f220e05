import { useEffect, useLayoutEffect, useRef, type RefObject } from "react";

// useLayoutEffect warns during server rendering in React 18; the ref is only read after mount.
const useClientLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

/**
 * A ref that always holds the latest value: store listeners call callbacks through it, so a new
 * closure on every render never resubscribes. The effect runs only when the value changed: a
 * layout effect on every commit would cost more than the rest of a hook's update.
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useClientLayoutEffect(() => {
    ref.current = value;
  }, [value]);
  return ref;
}
