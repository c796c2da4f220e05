import { hashToken, type Principal } from "./auth.js";
import type { ServerContext } from "./context.js";
import { badRequest, HttpError } from "./http.js";
import { checkJsonDepth } from "./json.js";
import { checkMetadataSize } from "./metadata.js";
import type { Packet, Run } from "./model.js";
import { deserialize } from "./serialization.js";
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

/**
 * Validates a trigger body (404 unknown task, 400/422 bad options), so batches can check every
 * item before creating any run. A superjson or text payload is kept verbatim with its type, so
 * run feeds hand it back exactly as the SDK sent it — once it is known to read back.
 */
export function prepareRun(context: ServerContext, principal: Principal, taskIdentifier: string, input: TriggerInput): PreparedRun {
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
  const idempotencyKey = typeof options.idempotencyKey === "string" && options.idempotencyKey !== "" ? options.idempotencyKey : undefined;
  const payload = { data, dataType: payloadType };
  // A cached run keeps its own payload: the one sent again is not used.
  if (!(idempotencyKey && context.runs.findByIdempotencyKey(taskIdentifier, idempotencyKey))) checkPayload(context, principal, payload);
  return {
    taskIdentifier,
    payload,
    tags,
    metadata: parseMetadata(options.metadata, options.metadataType),
    idempotencyKey,
    ttl: typeof options.ttl === "string" ? options.ttl : undefined,
    delayMs: delayOf(options.delay),
  };
}

/**
 * A payload is stored only if it can be read back: JSON and superjson text must parse (and
 * nest no deeper than the limit), and a store path must name a packet this caller uploaded
 * that no run uses yet — so no run can be made to carry another run's data.
 */
function checkPayload(context: ServerContext, principal: Principal, payload: Packet): void {
  if (payload.data === undefined) return;
  if (payload.dataType === "application/store") {
    const refusal = context.packets.refusalToClaim(payload.data, principal.kind === "secret");
    if (refusal) throw new HttpError(422, { error: refusal });
    return;
  }
  if (payload.dataType !== "application/json" && payload.dataType !== "application/super+json") return;
  checkJsonDepth(payload.data, "The payload");
  try {
    deserialize(payload);
  } catch {
    throw new HttpError(422, { error: `The payload is not valid ${payload.dataType}` });
  }
}

/** A new run's stream version: the one its trigger asked for, else its batch's, else the server's default. */
export function streamsVersionOfNewRun(context: ServerContext, requested: StreamsVersion | undefined, batchId: string | undefined): StreamsVersion {
  return requested ?? (batchId ? context.runs.getBatch(batchId)?.realtimeStreamsVersion : undefined) ?? context.streamsDefaultVersion;
}

/** Creates the run (or finds the one with the same idempotency key) and schedules its task. */
export function insertRun(context: ServerContext, prepared: PreparedRun, batchId?: string): { run: Run; isCached: boolean } {
  if (prepared.idempotencyKey) {
    const cached = context.runs.findByIdempotencyKey(prepared.taskIdentifier, prepared.idempotencyKey);
    if (cached) return { run: cached, isCached: true };
  }
  const { delayMs, ...rest } = prepared;
  const realtimeStreamsVersion = streamsVersionOfNewRun(context, prepared.realtimeStreamsVersion, batchId);
  const delayUntil = delayMs !== undefined ? Date.now() + delayMs : undefined;
  return { run: context.engine.createRun({ ...rest, batchId, realtimeStreamsVersion, delayUntil }), isCached: false };
}

/** Hashes of one-time tokens already used, per server. */
const usedOneTimeTokens = new WeakMap<ServerContext, Set<string>>();

/**
 * A one-time-use token (`otu`) may be used once; a second use is refused with 422 and
 * `message`. Checked and recorded in one synchronous step right before the run or batch is
 * created, so concurrent requests with the same token cannot both pass, and a request refused
 * for another reason does not burn the token.
 */
export function useOneTimeToken(context: ServerContext, principal: Principal, message: string): void {
  if (principal.kind !== "public" || principal.claims.otu !== true) return;
  let used = usedOneTimeTokens.get(context);
  if (!used) usedOneTimeTokens.set(context, (used = new Set()));
  const hash = hashToken(principal.token);
  if (used.has(hash)) throw new HttpError(422, { error: message });
  used.add(hash);
}

function parseMetadata(metadata: unknown, type: unknown): Record<string, unknown> | undefined {
  if (metadata === undefined || metadata === null) return undefined;
  let value = metadata;
  if (typeof metadata === "string") {
    checkJsonDepth(metadata, "Metadata");
    try {
      value = JSON.parse(metadata);
    } catch {
      throw new HttpError(422, { error: `Metadata is not valid ${typeof type === "string" ? type : "JSON"}` });
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new HttpError(422, { error: "Metadata must be an object" });
  checkMetadataSize(value as Record<string, unknown>);
  return value as Record<string, unknown>;
}

/** `delay`: a duration (`"30s"`, `"1h"`) or a date; undefined for none or a moment already past. */
function delayOf(delay: unknown): number | undefined {
  if (delay === undefined || delay === null) return undefined;
  const ms = typeof delay === "string" ? (parseDuration(delay) ?? Date.parse(delay) - Date.now()) : Number.NaN;
  if (Number.isNaN(ms)) throw new HttpError(422, { error: "delay must be a duration like 30s or 1h, or a date" });
  return ms > 0 ? ms : undefined;
}
