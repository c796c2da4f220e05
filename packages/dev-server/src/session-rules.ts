import type { Resource } from "./auth.js";
import type { ServerContext } from "./context.js";
import { isFinal } from "./model.js";
import { serialize } from "./serialization.js";
import type { Session } from "./sessions.js";
import { insertRun, prepareRun } from "./triggering.js";

// What the sessions API and the session channel routes both apply.

/** The session ids a scope may name: the URL's form, the friendly id and the external id. */
export function sessionResources(urlKey: string, session: Session | undefined): Resource[] {
  const ids = new Set([urlKey, ...(session ? [session.friendlyId, ...(session.externalId ? [session.externalId] : [])] : [])]);
  return [...ids].map((id) => ({ type: "sessions", id }));
}

export const isExpired = (session: Session) => session.expiresAt !== null && session.expiresAt < Date.now();

/** A live run for the session: the current one, or a new run of its task when that one has finished. */
export function ensureRun(context: ServerContext, session: Session): string {
  const current = session.currentRunId ? context.runs.getByFriendlyId(session.currentRunId) : undefined;
  if (current && !isFinal(current)) return current.friendlyId;
  const config = session.triggerConfig;
  const payload = { ...config.basePayload, sessionId: session.friendlyId, ...(current ? { continuation: true, previousRunId: current.friendlyId } : {}) };
  const packet = serialize(payload);
  const options = { tags: config.tags, ttl: config.ttl, payloadType: packet.dataType };
  const { run } = insertRun(context, prepareRun(context, { kind: "secret" }, session.taskIdentifier, { payload: packet.data, options }));
  context.engine.sessions.update(session, { currentRunId: run.friendlyId });
  return run.friendlyId;
}
