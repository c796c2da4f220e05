import { useEffect, useLayoutEffect, useRef, type RefObject } from "react";

// useLayoutEffect warns during server rendering in React 18; the ref is only read after mount.
const useClientLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

/**
 * A ref that always holds the latest value: store listeners call callbacks through it, so a new
 * closure on every render never resubscribes.
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useClientLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
