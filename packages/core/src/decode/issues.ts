// Turns the first validation problem of a run row into one readable sentence.

interface Issue {
  code: string;
  path: PropertyKey[];
  expected?: string;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "object") return "an object";
  return `the ${typeof value} ${String(value)}`;
}

/** E.g. `"costInCents" should be a number but is the string "1"`. */
export function describeIssue(row: unknown, issue: Issue): string {
  const field = issue.path.map(String).join(".");
  if (issue.path.length === 0) return `the row is ${describe(row)}, not an object`;
  const value = valueAt(row, issue.path);
  if (issue.code === "invalid_union" && issue.path[0] === "error") {
    const type = valueAt(row, ["error", "type"]);
    return `"error" is not a valid task run error (type ${type === undefined ? "missing" : JSON.stringify(type)})`;
  }
  if (issue.code === "invalid_type") {
    return value === undefined ? `"${field}" is missing` : `"${field}" should be ${issue.expected ?? "something else"} but is ${describe(value)}`;
  }
  if (issue.code === "custom") return `"${field}" is not a valid timestamp (${describe(value)})`;
  return `"${field}" is invalid (${describe(value)})`;
}
