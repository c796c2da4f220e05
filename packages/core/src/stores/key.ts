/** A stable key from plain values: equal inputs, equal keys, whatever the array or object identity. */
export function subscriptionKey(...parts: unknown[]): string {
  return JSON.stringify(canonical(parts));
}

/**
 * Objects with their keys in order and undefined fields left out. A pass before `JSON.stringify`
 * rather than a replacer: a replacer runs for every value and costs a hook render twice as much.
 */
function canonical(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(canonical);
  // A Date and the like say themselves how they read as JSON.
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  // Without a prototype, a `__proto__` field is a field like any other.
  const sorted: Record<string, unknown> = Object.create(null);
  for (const name of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[name];
    if (field !== undefined) sorted[name] = canonical(field);
  }
  return sorted;
}
