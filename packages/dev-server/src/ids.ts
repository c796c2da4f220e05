import { randomBytes } from "node:crypto";

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random lowercase id, like the cuids Trigger.dev uses. */
export function randomId(length = 25): string {
  const bytes = randomBytes(length);
  let id = "";
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

export const friendlyId = (prefix: string) => `${prefix}_${randomId(21)}`;

let last = 0;
/** Strictly increasing milliseconds: every change gets a later `updatedAt` than the one before. */
export function nextTimestamp(): number {
  last = Math.max(Date.now(), last + 1);
  return last;
}
