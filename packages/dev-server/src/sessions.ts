import { friendlyId, randomId } from "./ids.js";

export type SessionIo = "in" | "out";
export type RecordHeaders = [string, string][];

/** One record of a session channel, as S2 serves it: `body` is the JSON envelope (empty for control records). */
export interface SessionRecord {
  seq_num: number;
  timestamp: number;
  body: string;
  headers: RecordHeaders;
}

export interface Session {
  friendlyId: string;
  externalId: string | null;
  type: string;
  taskIdentifier: string;
  triggerConfig: Record<string, unknown> & { basePayload: Record<string, unknown> };
  tags: string[];
  metadata: Record<string, unknown> | null;
  /** Friendly id of the run serving the session now. */
  currentRunId: string | null;
  closedAt: number | null;
  closedReason: string | null;
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Header that marks a control record, and its value on the record a task writes after each answer. */
export const CONTROL_HEADER = "trigger-control";
export const TURN_COMPLETE = "turn-complete";

type Listener = () => void;

interface Channel {
  records: SessionRecord[];
  /** Client part ids already appended (`X-Part-Id`): a retried append is not stored twice. */
  partIds: Set<string>;
  listeners: Set<Listener>;
}

/**
 * Sessions and their two channels, `in` (clients → task) and `out` (task → clients). A channel
 * is keyed by the session's addressing key (its external id, else its friendly id), so the URL
 * forms of one session meet on the same records; records are numbered from 0 (`seq_num`).
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly byExternalId = new Map<string, Session>();
  private readonly channels = new Map<string, Channel>();
  /** Per session, the last `in` record a run has taken: the next run of the session carries on after it. */
  private readonly taken = new Map<string, number>();

  /** The session with this external id, or a new one. */
  findOrCreate(input: Omit<Session, "friendlyId" | "currentRunId" | "closedAt" | "closedReason" | "createdAt" | "updatedAt">): { session: Session; isCached: boolean } {
    const existing = input.externalId ? this.byExternalId.get(input.externalId) : undefined;
    if (existing) {
      // A repeated create refreshes the trigger config, as Cloud does, and keeps everything else.
      existing.triggerConfig = input.triggerConfig;
      existing.updatedAt = Date.now();
      return { session: existing, isCached: true };
    }
    const now = Date.now();
    const session: Session = { ...input, friendlyId: friendlyId("session"), currentRunId: null, closedAt: null, closedReason: null, createdAt: now, updatedAt: now };
    this.sessions.set(session.friendlyId, session);
    if (session.externalId) this.byExternalId.set(session.externalId, session);
    return { session, isCached: false };
  }

  /** By friendly id (`session_…`) or external id. */
  find(idOrExternalId: string): Session | undefined {
    return isFriendlyIdForm(idOrExternalId) ? this.sessions.get(idOrExternalId) : this.byExternalId.get(idOrExternalId);
  }

  update(session: Session, change: Partial<Pick<Session, "currentRunId" | "closedAt" | "closedReason">>): void {
    Object.assign(session, change, { updatedAt: Date.now() });
  }

  /** Appends a record; `undefined` when `partId` was appended before. */
  append(key: string, io: SessionIo, body: string, headers: RecordHeaders = [], partId?: string): SessionRecord | undefined {
    const channel = this.channel(key, io);
    if (partId !== undefined) {
      if (channel.partIds.has(partId)) return undefined;
      channel.partIds.add(partId);
    }
    const previous = channel.records.at(-1);
    const record: SessionRecord = { seq_num: channel.records.length, timestamp: Math.max(Date.now(), previous?.timestamp ?? 0), body, headers };
    channel.records.push(record);
    for (const listener of [...channel.listeners]) listener();
    return record;
  }

  /** Appends a data record: the envelope `{ data, id }` a writer puts in S2. */
  appendData(key: string, io: SessionIo, data: unknown, partId?: string): SessionRecord | undefined {
    return this.append(key, io, JSON.stringify({ data, id: partId ?? randomId(7) }), [], partId);
  }

  /** Records after `afterSeq` (all of them when undefined). */
  after(key: string, io: SessionIo, afterSeq: number | undefined): SessionRecord[] {
    const records = this.channels.get(ioKey(key, io))?.records ?? [];
    return afterSeq === undefined ? records : records.slice(afterSeq + 1);
  }

  length(key: string, io: SessionIo): number {
    return this.channels.get(ioKey(key, io))?.records.length ?? 0;
  }

  listen(key: string, io: SessionIo, listener: Listener): () => void {
    const channel = this.channel(key, io);
    channel.listeners.add(listener);
    return () => channel.listeners.delete(listener);
  }

  /** Takes the next `in` record no run of the session has taken yet. */
  takeInput(key: string): SessionRecord | undefined {
    const record = this.after(key, "in", this.taken.get(key))[0];
    if (record) this.taken.set(key, record.seq_num);
    return record;
  }

  private channel(key: string, io: SessionIo): Channel {
    const id = ioKey(key, io);
    let channel = this.channels.get(id);
    if (!channel) this.channels.set(id, (channel = { records: [], partIds: new Set(), listeners: new Set() }));
    return channel;
  }
}

const ioKey = (key: string, io: SessionIo) => `${key}\n${io}`;

/** Friendly ids must name an existing session; any other string may be an external id. */
export const isFriendlyIdForm = (idOrExternalId: string) => idOrExternalId.startsWith("session_");

/** The key a session's channels live under: its external id if it has one, else its friendly id. */
export const addressingKey = (session: Session | undefined, urlKey: string) => session?.externalId ?? session?.friendlyId ?? urlKey;

/** Where a named side channel's records live, apart from the session's own `in`/`out` pair. */
export const channelKey = (key: string, name: string | undefined) => (name === undefined ? key : `${key}/channels/${name}`);

/** The data of a data record (the envelope's `data`), or undefined for a control record. */
export function recordData(record: SessionRecord): unknown {
  if (record.body === "") return undefined;
  try {
    return (JSON.parse(record.body) as { data?: unknown }).data;
  } catch {
    return undefined;
  }
}

export const controlSubtype = (record: SessionRecord) => record.headers.find(([name]) => name === CONTROL_HEADER)?.[1];
