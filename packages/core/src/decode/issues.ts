import type { RowProblem } from "./run-row.js";

// Turns what is wrong with a run row into one readable sentence.

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "object") return "an object";
  return `the ${typeof value} ${String(value)}`;
}

/** E.g. `"costInCents" should be a number but is the string "1"`. */
export function describeProblem(problem: RowProblem): string {
  const { field, expected, value } = problem;
  if (!field) return `the row is ${describe(value)}, not an object`;
  if (value === undefined) return `"${field}" is missing`;
  return `"${field}" should be ${expected} but is ${describe(value)}`;
}
