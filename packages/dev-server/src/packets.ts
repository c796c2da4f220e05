import type { Packet } from "./model.js";

/**
 * Offloaded payloads and outputs (`application/store` packets), stored by path as an object
 * store would. Rows then carry the path; clients fetch the body through `/api/v1/packets/*`.
 */
export class PacketStore {
  private readonly objects = new Map<string, { body: Buffer; contentType: string }>();

  constructor(readonly threshold: number) {}

  put(path: string, body: Buffer, contentType: string): void {
    this.objects.set(path, { body, contentType });
  }

  get(path: string) {
    return this.objects.get(path);
  }

  /** Keeps small packets inline; moves big ones to the store and returns a pointer packet. */
  offload(packet: Packet, path: string): Packet {
    if (packet.data === undefined || packet.dataType === "application/store") return packet;
    if (Buffer.byteLength(packet.data) < this.threshold) return packet;
    this.put(path, Buffer.from(packet.data), packet.dataType);
    return { data: path, dataType: "application/store" };
  }

  /** The packet's own content, resolving a pointer into the store. */
  resolve(packet: Packet): Packet {
    if (packet.dataType !== "application/store" || packet.data === undefined) return packet;
    const object = this.objects.get(packet.data);
    return object ? { data: object.body.toString("utf8"), dataType: object.contentType } : { data: undefined, dataType: "application/json" };
  }
}
