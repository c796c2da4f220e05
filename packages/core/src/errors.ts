/** Why a subscription or an action failed. */
export type RealtimeErrorCode =
  | "unauthorized" // 401: missing, expired, forged token
  | "forbidden" // 403: the token lacks the scope
  | "not_found" // 404: unknown run, batch or stream
  | "rate_limited" // 429: too many concurrent connections (retried)
  | "bad_request" // other 4xx
  | "server" // 5xx (retried)
  | "network" // fetch failed or the connection dropped (retried)
  | "invalid_data"; // the server sent something that does not decode

/** The one error type this library puts in state or rejects with. */
export class RealtimeError extends Error {
  override readonly name = "RealtimeError";
  constructor(
    readonly code: RealtimeErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Retrying cannot fix it: the subscription should stop. */
  get isFatal(): boolean {
    return this.code !== "rate_limited" && this.code !== "server" && this.code !== "network";
  }
}

/** Turns an HTTP error response into a RealtimeError with the server's own message. */
export async function errorFromResponse(response: Response, what: string): Promise<RealtimeError> {
  const detail = await readErrorMessage(response);
  const status = response.status;
  if (status === 401) {
    return new RealtimeError("unauthorized", `Not authorized to read ${what}: ${detail ?? "invalid or expired access token"}`, status);
  }
  if (status === 403) {
    return new RealtimeError("forbidden", `The access token does not grant access to ${what}${detail ? ` (${detail})` : ""}`, status);
  }
  if (status === 404) return new RealtimeError("not_found", `${capitalize(what)} was not found`, status);
  if (status === 429) return new RealtimeError("rate_limited", `Too many concurrent connections; retrying (${detail ?? "429"})`, status);
  if (status >= 500) return new RealtimeError("server", `Server error ${status} for ${what}${detail ? `: ${detail}` : ""}`, status);
  return new RealtimeError("bad_request", `Request for ${what} failed with ${status}${detail ? `: ${detail}` : ""}`, status);
}

async function readErrorMessage(response: Response): Promise<string | undefined> {
  try {
    const text = await response.clone().text();
    if (!text) return undefined;
    try {
      const body = JSON.parse(text) as { error?: unknown; message?: unknown };
      const message = body.error ?? body.message;
      return typeof message === "string" ? message : text.slice(0, 200);
    } catch {
      return text.slice(0, 200);
    }
  } catch {
    return undefined;
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Normalises anything thrown into an Error for state. */
export function toError(cause: unknown): Error {
  if (cause instanceof Error) return cause;
  return new RealtimeError("network", String(cause), undefined, { cause });
}
