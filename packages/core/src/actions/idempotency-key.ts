// Idempotency keys are hashed before they are sent, as the SDK does outside a task, so a key
// given here dedupes against the same key given to `tasks.trigger` on a backend.

/** A key that is already a hash (64 characters) is sent as it is. */
const isHashed = (key: unknown): key is string => typeof key === "string" && key.length === 64;

export async function hashIdempotencyKey(key: string | string[] | undefined): Promise<string | undefined> {
  if (!key || (Array.isArray(key) && key.length === 0)) return undefined;
  if (isHashed(key)) return key;
  const material = (Array.isArray(key) ? key : [key]).join("-");
  const subtle = globalThis.crypto?.subtle;
  // WebCrypto is missing on insecure origins; the server accepts the key unhashed.
  if (!subtle) return material;
  const digest = await subtle.digest("SHA-256", new TextEncoder().encode(material));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
