import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Packet } from "./model.js";

interface StoredObject {
  body: Buffer;
  contentType: string;
  /** The run whose payload or output this is: reading it needs read access to that run. */
  runId?: string;
  /** Put through a presigned upload URL (which only the secret key can obtain), not offloaded by the server. */
  uploaded: boolean;
}

/** How long a presigned URL stays valid. */
const PRESIGNED_TTL_MS = 60 * 60 * 1000;

/**
 * Offloaded payloads and outputs (`application/store` packets), stored by path as an object
 * store would. Rows carry the path; clients trade it for a presigned URL of this server, signed
 * with a key of this server instance (so the URL itself is the permission, like S3's).
 */
export class PacketStore {
  private readonly objects = new Map<string, StoredObject>();
  private readonly signingKey = randomBytes(32);

  constructor(readonly threshold: number) {}

  /** An upload through a presigned URL; a packet that already belongs to a run is not replaced (false). */
  upload(path: string, body: Buffer, contentType: string): boolean {
    if (this.objects.get(path)?.runId) return false;
    this.objects.set(path, { body, contentType, uploaded: true });
    return true;
  }

  get(path: string): StoredObject | undefined {
    return this.objects.get(path);
  }

  /**
   * Why a trigger may not name this path as its `application/store` payload, or undefined if
   * it may: only an environment's backend (the secret key) uploads packets, and a packet
   * serves one run only — so no caller can make a run of its own carry another run's data.
   */
  refusalToClaim(path: string, callerUploads: boolean): string | undefined {
    const object = this.objects.get(path);
    if (!callerUploads) return "An application/store payload can only be sent with the secret key that uploaded it";
    if (object?.runId) return `The packet at ${path} belongs to another run`;
    if (!object?.uploaded) return `No uploaded packet at ${path}`;
    return undefined;
  }

  /** Binds an uploaded packet to the run that now uses it (checked with `refusalToClaim` first). */
  claim(path: string, runId: string): void {
    const object = this.objects.get(path);
    if (object && !object.runId) object.runId = runId;
  }

  /** Keeps small packets inline; moves big ones to the store and returns a pointer packet. */
  offload(packet: Packet, path: string, runId: string): Packet {
    if (packet.data === undefined || packet.dataType === "application/store") return packet;
    if (Buffer.byteLength(packet.data) < this.threshold) return packet;
    this.objects.set(path, { body: Buffer.from(packet.data), contentType: packet.dataType, runId, uploaded: false });
    return { data: path, dataType: "application/store" };
  }

  /** The packet's own content, resolving a pointer into the store. */
  resolve(packet: Packet): Packet {
    if (packet.dataType !== "application/store" || packet.data === undefined) return packet;
    const object = this.objects.get(packet.data);
    return object ? { data: object.body.toString("utf8"), dataType: object.contentType } : { data: undefined, dataType: "application/json" };
  }

  /** A URL of `baseUrl` that lets anyone holding it `method` the object at `path` for an hour. */
  presign(baseUrl: string, path: string, method: "GET" | "PUT"): string {
    const expires = String(Date.now() + PRESIGNED_TTL_MS);
    const query = new URLSearchParams({ method, expires, signature: this.sign(path, method, expires) });
    return `${baseUrl}/object-store/${encodeURIComponent(path)}?${query}`;
  }

  /** Whether a presigned URL's query is valid for `method` on `path`. */
  verify(path: string, method: string, query: URLSearchParams): boolean {
    const expires = query.get("expires") ?? "";
    const signature = Buffer.from(query.get("signature") ?? "", "hex");
    if (query.get("method") !== method || !(Number(expires) > Date.now())) return false;
    const expected = Buffer.from(this.sign(path, method, expires), "hex");
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }

  private sign(path: string, method: string, expires: string): string {
    return createHmac("sha256", this.signingKey).update(`${method}\n${path}\n${expires}`).digest("hex");
  }
}
