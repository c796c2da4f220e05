import type * as z from "zod/mini";

// Turns what is wrong with a run row into one readable sentence. The run row schemas give
// each check's message as what the value should be ("a number").

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "object") return "an object";
  return `the ${typeof value} ${String(value)}`;
}

/** E.g. `"costInCents" should be a number but is the string "1"`. */
export function describeRowIssue(issue: z.core.$ZodIssue, row: unknown): string {
  const field = issue.path.join(".");
  const value = issue.path.reduce<unknown>((at, key) => (at as Record<PropertyKey, unknown> | undefined)?.[key], row);
  if (!field) return `the row is ${describe(value)}, not an object`;
  if (value === undefined) return `"${field}" is missing`;
  return `"${field}" should be ${issue.message} but is ${describe(value)}`;
}
