// A refused token says little on the wire ("Invalid API key"); the page holds the token, so it
// can tell what is wrong with it.

/** What is wrong with a public access token, as far as the browser can tell. */
function tokenProblem(token: string | undefined): string {
  if (!token) return "no public access token was given";
  const parts = token.split(".");
  if (parts.length !== 3) return "the public access token is not a JWT (three dot-separated parts): start a new run to get a fresh one";
  let claims: { exp?: unknown };
  try {
    claims = JSON.parse(atob(parts[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: unknown };
  } catch {
    return "the public access token's claims do not decode";
  }
  if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) {
    return `the public access token expired at ${new Date(claims.exp * 1000).toLocaleString()}: start a new run to get a fresh one`;
  }
  return "the dev server does not accept this public access token (signed with another secret key, or for another environment)";
}

/** A subscription's error for display; an auth failure also says what is wrong with the token. */
export function failureMessage(error: Error | undefined, token: string | undefined): string | undefined {
  if (!error) return undefined;
  const code = (error as { code?: string }).code;
  if (code === "unauthorized") return `${error.message}. Why: ${tokenProblem(token)}.`;
  if (code === "forbidden") return `${error.message}. Why: the token's scopes do not name this run, its tags or its batch.`;
  return error.message;
}
