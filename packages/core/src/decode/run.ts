import type * as z from "zod/mini";
import type { RealtimeClient } from "../client.js";
import { RealtimeError } from "../errors.js";
import type { AnyRealtimeRun, Metadata } from "../types.js";
import { publicRunError } from "./errors.js";
import { runRowSchema, type RunRow } from "../schemas/run-row.js";
import { describeRowIssue } from "./issues.js";
import { readPacket, type Packet } from "./packets.js";
import { publicRunStatus, runStatusFlags } from "./status.js";

type PacketField = "payload" | "output" | "metadata";

interface CachedPacket {
  data: string | null | undefined;
  dataType: string;
  value: Promise<unknown>;
}

/**
 * A decoder for one subscription: validates a run row and turns it into the public run object
 * the SDK's subscriptions produce. A payload or output is parsed once per run and reused while
 * the row carries the same packet, so it keeps its identity across updates. Offloaded packets
 * are downloaded. Rejects (never throws) with a `RealtimeError` naming the run and the problem.
 */
export function createRunDecoder(client: RealtimeClient): (row: Record<string, unknown>) => Promise<AnyRealtimeRun> {
  const cache = new Map<string, CachedPacket>();

  const cachedPacket = (runId: string, field: "payload" | "output", packet: Packet): Promise<unknown> => {
    const key = `${runId}/${field}`;
    const cached = cache.get(key);
    if (cached && cached.data === packet.data && cached.dataType === packet.dataType) return cached.value;
    const value = readPacket(client, packet, { runId, field });
    const entry = { data: packet.data, dataType: packet.dataType, value };
    cache.set(key, entry);
    value.catch(() => {
      if (cache.get(key) === entry) cache.delete(key); // let the next row try again
    });
    return value;
  };

  // Payload and output are parsed once per packet (and may be offloaded); metadata every time.
  const packetValue = async (row: RunRow, field: PacketField, packet: Packet | undefined) => {
    if (!packet) return undefined;
    try {
      return await (field !== "metadata" ? cachedPacket(row.friendlyId, field, packet) : readPacket(client, packet));
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      const code = cause instanceof RealtimeError ? cause.code : "invalid_data";
      const status = cause instanceof RealtimeError ? cause.status : undefined;
      throw new RealtimeError(code, `Run ${row.friendlyId}: its ${field} (${packet.dataType}) could not be read: ${reason}`, status, { cause });
    }
  };

  return async (raw) => {
    const checked = runRowSchema.safeParse(raw);
    if (!checked.success) throw invalidRow(raw, checked.error.issues[0]!);
    // The lists are taken from the row as received once checked, not from zod's copies: the
    // feed holds that row anyway, so a copy would hold each run's tags and streams twice.
    const row = { ...checked.data, runTags: raw.runTags as RunRow["runTags"], realtimeStreams: raw.realtimeStreams as RunRow["realtimeStreams"] };

    const [payload, output, metadata] = await Promise.all([
      packetValue(row, "payload", row.payloadType ? { data: row.payload, dataType: row.payloadType } : undefined),
      packetValue(row, "output", row.outputType ? { data: row.output, dataType: row.outputType } : undefined),
      packetValue(row, "metadata", row.metadata && row.metadataType ? { data: row.metadata, dataType: row.metadataType } : undefined),
    ]);

    const status = publicRunStatus(row.status);
    return {
      id: row.friendlyId,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      taskIdentifier: row.taskIdentifier,
      status,
      payload,
      output,
      durationMs: row.usageDurationMs ?? 0,
      costInCents: row.costInCents ?? 0,
      baseCostInCents: row.baseCostInCents ?? 0,
      tags: row.runTags ?? [],
      idempotencyKey: undefined,
      expiredAt: row.expiredAt ?? undefined,
      finishedAt: row.completedAt ?? undefined,
      startedAt: row.startedAt ?? undefined,
      delayedUntil: row.delayUntil ?? undefined,
      queuedAt: row.queuedAt ?? undefined,
      error: row.error ? publicRunError(row.error) : undefined,
      isTest: row.isTest ?? false,
      metadata: metadata as Metadata | undefined,
      realtimeStreams: row.realtimeStreams ?? [],
      ...runStatusFlags(status),
    };
  };
}

function invalidRow(raw: unknown, issue: z.core.$ZodIssue): RealtimeError {
  const fields = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const name = [fields.friendlyId, fields.id].find((id) => typeof id === "string" && id) as string | undefined;
  return new RealtimeError("invalid_data", `Run ${name ?? "(no id)"} could not be decoded: ${describeRowIssue(issue, raw)}`);
}
