import { hashToken, type Principal } from "./auth.js";
import type { ServerContext } from "./context.js";
import { badRequest, HttpError } from "./http.js";
import type { Packet, Run } from "./model.js";
import { parseDuration } from "./shapes/duration.js";
import type { StreamsVersion } from "./streams.js";

/** A trigger body: `payload` as the SDK serialized it, and options. */
export interface TriggerInput {
  payload?: unknown;
  options?: unknown;
}

/** A checked trigger, ready to become a run. */
export interface PreparedRun {
  taskIdentifier: string;
  payload: Packet;
  tags: string[];
  metadata?: Record<string, unknown>;
  idempotencyKey?: string;
  ttl?: string;
  delayMs?: number;
  /** Stream backend asked for by the request; else the batch's, else the server default. */
  realtimeStreamsVersion?: StreamsVersion;
}

const MAX_TAGS = 10;
const MAX_TAG_LENGTH = 128;
const METADATA_LIMIT = 256 * 1024;

/**
 * Validates a trigger body (404 unknown task, 400/422 bad options), so batches can check every
 * item before creating any run. A superjson or text payload is kept verbatim with its type, so
 * run feeds hand it back exactly as the SDK sent it.
 */
export function prepareRun(context: ServerContext, taskIdentifier: string, input: TriggerInput): PreparedRun {
  if (!context.engine.hasTask(taskIdentifier)) throw new HttpError(404, { error: "Task not found" });
  if (input.options !== undefined && input.options !== null && (typeof input.options !== "object" || Array.isArray(input.options))) {
    throw badRequest("options must be an object");
  }
  const options = (input.options ?? {}) as Record<string, unknown>;
  const payloadType = typeof options.payloadType === "string" ? options.payloadType : "application/json";
  const data = input.payload === undefined || input.payload === null ? undefined : typeof input.payload === "string" ? input.payload : JSON.stringify(input.payload);
  if (payloadType === "application/store" && !data) throw new HttpError(422, { error: "An application/store payload needs the packet's path" });
  const tags = options.tags === undefined || options.tags === null ? [] : Array.isArray(options.tags) ? options.tags : [options.tags];
  if (!tags.every((tag): tag is string => typeof tag === "string" && tag.length > 0 && tag.length <= MAX_TAG_LENGTH)) {
    throw new HttpError(422, { error: `Tags must be strings of 1 to ${MAX_TAG_LENGTH} characters` });
  }
  if (new Set(tags).size > MAX_TAGS) throw new HttpError(422, { error: `A run can have at most ${MAX_TAGS} tags` });
  return {
    taskIdentifier,
    payload: { data, dataType: payloadType },
    tags,
    metadata: parseMetadata(options.metadata, options.metadataType),
    idempotencyKey: typeof options.idempotencyKey === "string" && options.idempotencyKey !== "" ? options.idempotencyKey : undefined,
    ttl: typeof options.ttl === "string" ? options.ttl : undefined,
    delayMs: delayOf(options.delay),
  };
}

/** Creates the run (or finds the one with the same idempotency key) and schedules its task. */
export function insertRun(context: ServerContext, prepared: PreparedRun, batchId?: string): { run: Run; isCached: boolean } {
  if (prepared.idempotencyKey) {
    const cached = context.runs.findByIdempotencyKey(prepared.taskIdentifier, prepared.idempotencyKey);
    if (cached) return { run: cached, isCached: true };
  }
  const { payload, delayMs } = prepared;
  const run = context.runs.create({
    taskIdentifier: prepared.taskIdentifier,
    payload,
    status: delayMs !== undefined ? "DELAYED" : "PENDING",
    tags: prepared.tags,
    metadata: prepared.metadata,
    batchId,
    idempotencyKey: prepared.idempotencyKey,
    realtimeStreamsVersion: prepared.realtimeStreamsVersion ?? (batchId ? context.runs.getBatch(batchId)?.realtimeStreamsVersion : undefined) ?? context.streamsDefaultVersion,
    ttl: prepared.ttl,
    delayUntil: delayMs !== undefined ? Date.now() + delayMs : undefined,
    prepare(created) {
      // An uploaded payload now belongs to this run; a big inline one is moved to the store.
      if (payload.dataType === "application/store") context.packets.claim(payload.data!, created.friendlyId);
      else created.payload = context.packets.offload(payload, `${created.friendlyId}/payload`, created.friendlyId);
    },
  });
  context.engine.execute(run);
  return { run, isCached: false };
}

/** Hashes of one-time trigger tokens already used, per server. */
const usedOneTimeTokens = new WeakMap<ServerContext, Set<string>>();

/** A one-time-use token (`otu`) may trigger once; a second use is refused with 422. */
export function checkOneTimeUse(context: ServerContext, principal: Principal, taskIdentifier: string): void {
  if (principal.kind !== "public" || principal.claims.otu !== true) return;
  if (usedOneTimeTokens.get(context)?.has(hashToken(principal.token))) {
    throw new HttpError(422, { error: `Cannot trigger ${taskIdentifier} with a one-time use token as it has already been used.` });
  }
}

/** Records the use once the run exists, so a refused trigger does not burn the token. */
export function consumeOneTimeUse(context: ServerContext, principal: Principal): void {
  if (principal.kind !== "public" || principal.claims.otu !== true) return;
  let used = usedOneTimeTokens.get(context);
  if (!used) usedOneTimeTokens.set(context, (used = new Set()));
  used.add(hashToken(principal.token));
}

function parseMetadata(metadata: unknown, type: unknown): Record<string, unknown> | undefined {
  if (metadata === undefined || metadata === null) return undefined;
  let value = metadata;
  if (typeof metadata === "string") {
    try {
      value = JSON.parse(metadata);
    } catch {
      throw new HttpError(422, { error: `Metadata is not valid ${typeof type === "string" ? type : "JSON"}` });
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new HttpError(422, { error: "Metadata must be an object" });
  if (Buffer.byteLength(JSON.stringify(value)) > METADATA_LIMIT) throw new HttpError(413, { error: "Metadata exceeds 256 KiB" });
  return value as Record<string, unknown>;
}

/** `delay`: a duration (`"30s"`, `"1h"`) or a date; undefined for none or a moment already past. */
function delayOf(delay: unknown): number | undefined {
  if (delay === undefined || delay === null) return undefined;
  const ms = typeof delay === "string" ? (parseDuration(delay) ?? Date.parse(delay) - Date.now()) : Number.NaN;
  if (Number.isNaN(ms)) throw new HttpError(422, { error: "delay must be a duration like 30s or 1h, or a date" });
  return ms > 0 ? ms : undefined;
}
