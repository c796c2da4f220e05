import { HttpError } from "./http.js";
import { METADATA_LIMIT } from "./limits.js";

/**
 * Run metadata operations, with the semantics of Trigger.dev's `applyMetadataOperations`
 * (`@trigger.dev/core` runMetadata): the one implementation behind the HTTP route, the task
 * context and `RunController`.
 */
export type MetadataOperation =
  | { type: "set"; key: string; value: unknown }
  | { type: "delete"; key: string }
  | { type: "append"; key: string; value: unknown }
  | { type: "remove"; key: string; value: unknown }
  | { type: "increment"; key: string; value: number }
  | { type: "update"; value: Record<string, unknown> };

const invalid = (message: string) => new HttpError(400, { error: message });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const UNSAFE_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);
const isPath = (key: string) => key.startsWith("$.");
const pathSegments = (key: string) => key.slice(2).split(/[.[\]'"]+/).filter((segment) => segment !== "");

/** A key may not reach an object's prototype: `__proto__`, or in a `$.` path also `constructor`/`prototype`. */
export const isSafeMetadataKey = (key: string) => (isPath(key) ? !pathSegments(key).some((segment) => UNSAFE_SEGMENTS.has(segment)) : key !== "__proto__");

/** Checks operations as the SDK sends them (400 for anything else). */
export function parseMetadataOperations(value: unknown): MetadataOperation[] {
  if (!Array.isArray(value)) throw invalid("operations must be an array");
  return value.map((operation) => {
    if (!isObject(operation) || typeof operation.type !== "string") throw invalid("Invalid metadata operation");
    if (operation.type === "update") {
      if (!isObject(operation.value)) throw invalid("An update operation needs an object value");
      return { type: "update", value: operation.value };
    }
    if (!["set", "delete", "append", "remove", "increment"].includes(operation.type)) throw invalid("Unknown metadata operation");
    if (typeof operation.key !== "string" || operation.key === "") throw invalid(`A ${operation.type} operation needs a key`);
    if (!isSafeMetadataKey(operation.key)) throw invalid("Metadata key may not reference __proto__, constructor, or prototype");
    if (operation.type === "increment" && (typeof operation.value !== "number" || !Number.isFinite(operation.value))) {
      throw invalid("An increment operation needs a number");
    }
    return operation as MetadataOperation;
  });
}

/** The metadata after the operations, in order; operations that do not apply (remove on a non-array) are skipped. */
export function applyMetadataOperations(current: Record<string, unknown>, operations: MetadataOperation[]): Record<string, unknown> {
  let metadata = structuredClone(current);
  for (const operation of operations) {
    if (operation.type === "update") {
      metadata = structuredClone(operation.value);
      continue;
    }
    const { key } = operation;
    switch (operation.type) {
      case "set":
        write(metadata, key, operation.value);
        break;
      case "delete":
        delete metadata[key];
        break;
      case "append": {
        const existing = read(metadata, key);
        write(metadata, key, existing === undefined ? [operation.value] : Array.isArray(existing) ? [...existing, operation.value] : [existing, operation.value]);
        break;
      }
      case "remove": {
        const existing = read(metadata, key);
        if (Array.isArray(existing)) write(metadata, key, existing.filter((item) => !deepEqual(item, operation.value)));
        break;
      }
      case "increment": {
        const existing = read(metadata, key);
        write(metadata, key, (typeof existing === "number" ? existing : 0) + operation.value);
        break;
      }
    }
  }
  return metadata;
}

/** 413 when the metadata is bigger than Trigger.dev allows. */
export function checkMetadataSize(metadata: Record<string, unknown>): void {
  if (Buffer.byteLength(JSON.stringify(metadata)) > METADATA_LIMIT) throw new HttpError(413, { error: `Metadata exceeds maximum size of ${METADATA_LIMIT} bytes` });
}

/** The value at a plain key or a `$.a.b[0]` path. */
function read(metadata: Record<string, unknown>, key: string): unknown {
  if (!isPath(key)) return metadata[key];
  let node: unknown = metadata;
  for (const segment of pathSegments(key)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** Sets a plain key, or a `$.` path creating the objects on the way. */
function write(metadata: Record<string, unknown>, key: string, value: unknown): void {
  if (!isPath(key)) {
    metadata[key] = value;
    return;
  }
  const segments = pathSegments(key);
  if (segments.length === 0) return;
  let node = metadata;
  for (const segment of segments.slice(0, -1)) {
    if (typeof node[segment] !== "object" || node[segment] === null) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments.at(-1)!] = value;
}

/** Structural equality of JSON values (key order ignored), as `remove` compares items. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
