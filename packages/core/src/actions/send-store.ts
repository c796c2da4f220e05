import { atom, type ReadableAtom } from "nanostores";
import { actionRunner } from "./action-runner.js";

export interface SendState {
  /** Everything a send needs was given: `send` can be called. */
  isReady: boolean;
  /** A send is on its way. */
  isLoading: boolean;
  /** Why the latest send failed. */
  error: Error | undefined;
}

/** `{ isReady, isLoading, error }` following the latest call of `perform`, plus `send`. */
export function sendStore<TData, TResult>(
  isReady: boolean,
  perform: (data: TData) => Promise<TResult>,
): ReadableAtom<SendState> & { send(data: TData): Promise<TResult> } {
  const $state = atom<SendState>({ isReady, isLoading: false, error: undefined });
  const send = actionRunner(perform, {
    start: () => $state.set({ ...$state.get(), isLoading: true, error: undefined }),
    done: () => $state.set({ ...$state.get(), isLoading: false, error: undefined }),
    failed: (error) => $state.set({ ...$state.get(), isLoading: false, error }),
  });
  return Object.assign($state, { send });
}
