// A payload as the SDK sends it: objects (and numbers, booleans, null) through superjson so
// Dates, Maps and the like survive; strings as plain text; nothing at all for `undefined`.

export interface SerializedPayload {
  payload: string | undefined;
  payloadType: "application/super+json" | "text/plain" | "application/json";
}

export async function serializePayload(value: unknown): Promise<SerializedPayload> {
  if (value === undefined) return { payload: undefined, payloadType: "application/json" };
  if (typeof value === "string") return { payload: value, payloadType: "text/plain" };
  // Loaded on first trigger, so pages that only subscribe never download it.
  const { sdkSuperjson } = await import("../sdk-superjson.js");
  return { payload: sdkSuperjson.stringify(value), payloadType: "application/super+json" };
}
