import { SuperJSON } from "superjson";

// The SDK's superjson (`@trigger.dev/core` imports/superjson): plain superjson plus the custom
// type "buffer", a Node Buffer written as the list of its bytes. Without it a task output that
// holds a Buffer cannot be read at all.

interface BufferLike extends Uint8Array {}
interface BufferConstructorLike {
  from(bytes: number[]): BufferLike;
  isBuffer(value: unknown): boolean;
}

const NodeBuffer = (globalThis as { Buffer?: BufferConstructorLike }).Buffer;

export const sdkSuperjson = new SuperJSON();

sdkSuperjson.registerCustom<BufferLike, number[]>(
  {
    isApplicable: (value): value is BufferLike => NodeBuffer?.isBuffer(value) ?? false,
    serialize: (value) => [...value],
    // Where there is no Buffer (browsers), the bytes arrive as a Uint8Array; the SDK itself
    // throws there (`Buffer is not defined`).
    deserialize: (bytes) => (NodeBuffer ? NodeBuffer.from(bytes) : Uint8Array.from(bytes)),
  },
  "buffer",
);
