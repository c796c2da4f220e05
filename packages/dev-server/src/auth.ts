import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { decodeJwt, jwtVerify, SignJWT } from "jose";
import { HttpError } from "./http.js";

export const ISSUER = "https://id.trigger.dev";
export const AUDIENCE = "https://api.trigger.dev";

/** Who is calling: the environment's secret key (everything allowed) or a public token's scopes. */
export type Principal =
  | { kind: "secret" }
  | { kind: "public"; token: string; scopes: string[]; claims: Record<string, unknown> };

const unauthorized = (error: string) => new HttpError(401, { error });

export const forbidden = () =>
  new HttpError(403, { error: "Unauthorized", code: "unauthorized", param: "access_token", type: "authorization" });

export class Auth {
  private readonly key: Uint8Array;

  constructor(
    readonly secretKey: string,
    readonly environmentId: string,
  ) {
    // Copied into this realm's Uint8Array: test environments such as jsdom swap the global one,
    // and jose checks keys with instanceof.
    this.key = new Uint8Array(new TextEncoder().encode(secretKey));
  }

  async authenticate(request: IncomingMessage): Promise<Principal> {
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
    if (!token) throw unauthorized("Invalid or Missing API key");
    if (token === this.secretKey) {
      // Browsers send `Origin`; the secret key belongs on a backend. A page that got hold of
      // it (or guessed it) cannot use it through a visitor's browser.
      if (request.headers.origin !== undefined) throw new HttpError(403, { error: "The secret key cannot be used from a browser: use a public access token" });
      return { kind: "secret" };
    }

    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(token);
    } catch {
      throw unauthorized("Invalid API key");
    }
    if (claims.pub !== true) throw unauthorized("Invalid API key");
    if (typeof claims.sub !== "string" || claims.sub !== this.environmentId) throw unauthorized("Invalid Public Access Token");
    try {
      await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    } catch {
      throw unauthorized("Public Access Token is invalid");
    }
    const scopes = Array.isArray(claims.scopes) ? claims.scopes.filter((scope): scope is string => typeof scope === "string") : [];
    return { kind: "public", token, scopes, claims };
  }

  /** Routes that only a backend may call. */
  async requireSecret(request: IncomingMessage): Promise<void> {
    const principal = await this.authenticate(request);
    if (principal.kind !== "secret") throw unauthorized("Invalid API key");
  }

  /** Signs a public token the way `auth.createPublicToken` does. */
  async sign(claims: { scopes?: string[]; realtime?: unknown; otu?: boolean }, expirationTime: string | number | Date = "15m"): Promise<string> {
    const payload: Record<string, unknown> = { sub: this.environmentId, pub: true };
    if (claims.scopes) payload.scopes = claims.scopes;
    if (claims.realtime) payload.realtime = claims.realtime;
    if (claims.otu) payload.otu = true;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expirationTime)
      .sign(this.key);
  }
}

/** A resource a scope may grant: `tasks:my-task`, `runs` (type-level) … */
export interface Resource {
  type: string;
  id?: string;
}

/**
 * Scope grammar `action:type[:id]` (ids may contain `:`). `admin` grants everything; `*` is
 * any action; type `all` is any type; an id-less scope grants the whole type, an id-scoped one
 * never grants a type-level check. `trigger`/`batchTrigger` checks also pass with `write`.
 */
export function scopeGrants(scope: string, action: string, resource: Resource): boolean {
  if (scope === "admin") return true;
  const first = scope.indexOf(":");
  if (first === -1) return false;
  const second = scope.indexOf(":", first + 1);
  const scopeAction = scope.slice(0, first);
  const scopeType = second === -1 ? scope.slice(first + 1) : scope.slice(first + 1, second);
  const scopeId = second === -1 ? undefined : scope.slice(second + 1);
  const actionMatches =
    scopeAction === "*" || scopeAction === action || (scopeAction === "write" && (action === "trigger" || action === "batchTrigger"));
  if (!actionMatches) return false;
  if (scopeType === "all") return true;
  if (scopeType !== resource.type) return false;
  if (scopeId === undefined) return true;
  return resource.id !== undefined && scopeId === resource.id;
}

/** Whether the principal may `action` at least one of `resources` (the secret key may do everything). */
export function can(principal: Principal, action: string, resources: Resource[]): boolean {
  if (principal.kind === "secret") return true;
  return resources.some((resource) => principal.scopes.some((scope) => scopeGrants(scope, action, resource)));
}

/** Throws 403 unless the principal may `action` at least one of `resources`. */
export function authorize(principal: Principal, action: string, resources: Resource[]): void {
  if (!can(principal, action, resources)) throw forbidden();
}

/** Scopes in the SDK's object form: action → type → `true` (every id), an id, or ids. */
export type ScopeObject = { [action: string]: { [type: string]: boolean | string | string[] | undefined } | undefined };

/** Turns the SDK's scope objects (`{ read: { runs: ["run_1"], tags: "t" } }`) into scope strings. */
export function flattenScopes(scopes: string[] | ScopeObject): string[] {
  if (Array.isArray(scopes)) return scopes;
  const result: string[] = [];
  for (const [action, types] of Object.entries(scopes)) {
    for (const [type, ids] of Object.entries(types ?? {})) {
      if (ids === true) result.push(`${action}:${type}`);
      else if (typeof ids === "string") result.push(`${action}:${type}:${ids}`);
      else if (Array.isArray(ids)) for (const id of ids) result.push(`${action}:${type}:${id}`);
    }
  }
  return result;
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
