import { SuperJSON } from "superjson";
import type { Packet } from "./model.js";

// The SDK's superjson (`@trigger.dev/core` imports/superjson) knows one more type than plain
// superjson: Node Buffers, written as the list of their bytes under the custom name "buffer".
const superjson = new SuperJSON();
superjson.registerCustom<Buffer, number[]>(
  {
    isApplicable: (value): value is Buffer => Buffer.isBuffer(value),
    serialize: (value) => [...value],
    deserialize: (value) => Buffer.from(value),
  },
  "buffer",
);

/** Serializes a value as the SDK does: strings as text, anything else with the SDK's superjson. */
export function serialize(value: unknown): Packet {
  if (value === undefined) return { data: undefined, dataType: "application/json" };
  if (typeof value === "string") return { data: value, dataType: "text/plain" };
  return { data: superjson.stringify(value), dataType: "application/super+json" };
}

/** Reads a packet back into a value; unknown types stay raw strings. */
export function deserialize(packet: Packet): unknown {
  if (packet.data === undefined || packet.data === "") return undefined;
  switch (packet.dataType) {
    case "application/json":
      return JSON.parse(packet.data);
    case "application/super+json":
      return superjson.parse(packet.data);
    default:
      return packet.data;
  }
}
