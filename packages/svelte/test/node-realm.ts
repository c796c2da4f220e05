// Vitest's jsdom environment replaces the typed-array globals with jsdom's own. The dev server
// runs in the same realm as the components under test, and its JWT library checks keys with
// `instanceof Uint8Array` while Node's TextEncoder makes Node's Uint8Array. Put Node's back, so
// the server behaves as it does in Node; the components never touch typed arrays.
const NodeUint8Array = Object.getPrototypeOf(Buffer.prototype).constructor as Uint8ArrayConstructor;
if (globalThis.Uint8Array !== NodeUint8Array) globalThis.Uint8Array = NodeUint8Array;
