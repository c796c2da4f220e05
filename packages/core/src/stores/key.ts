/** A stable key from plain values: equal inputs, equal keys, whatever the array or object identity. */
export function subscriptionKey(...parts: unknown[]): string {
  return JSON.stringify(parts, (_, value) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
}
