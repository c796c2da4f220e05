import { RealtimeError, type RealtimeErrorCode } from "../errors.js";

export interface ActionHooks<TResult> {
  /** A call started. */
  start(): void;
  /** The latest call succeeded. */
  done(result: TResult): void;
  /** The latest call failed. */
  failed(error: RealtimeError): void;
}

/** Anything thrown while performing an action, as a RealtimeError. */
export function asRealtimeError(cause: unknown, code: RealtimeErrorCode = "bad_request"): RealtimeError {
  if (cause instanceof RealtimeError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new RealtimeError(code, message, undefined, { cause });
}

/**
 * Wraps an action so that its state follows the latest call only (an older call finishing
 * late does not overwrite a newer one), its promise can be awaited, and a failure nobody
 * awaits is never reported as an unhandled rejection: the error is in state already.
 */
export function actionRunner<TArgs extends unknown[], TResult>(
  perform: (...args: TArgs) => Promise<TResult>,
  hooks: ActionHooks<TResult>,
): (...args: TArgs) => Promise<TResult> {
  let latest = 0;
  return (...args) => {
    const call = ++latest;
    hooks.start();
    const result = (async () => perform(...args))().then(
      (value) => {
        if (call === latest) hooks.done(value);
        return value;
      },
      (cause: unknown) => {
        const error = asRealtimeError(cause);
        if (call === latest) hooks.failed(error);
        throw error;
      },
    );
    result.catch(() => {});
    return result;
  };
}
