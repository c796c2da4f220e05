import { toValue, unref } from "vue";
import type { OptionsInput } from "./types.js";

/** Options that are functions by nature: unwrapped from a ref, never called as getters. */
const FUNCTION_OPTIONS = new Set(["onComplete", "onParts", "onData", "onRecords", "onControl", "refreshAccessToken", "fetch"]);

/** The options' current plain values: the object and each field through `toValue`. */
export function resolveFields<O extends object>(options: OptionsInput<O>): O {
  const given = toValue(options) ?? {};
  const entries = Object.entries(given).map(([name, value]) => [name, FUNCTION_OPTIONS.has(name) ? unref(value) : toValue(value)]);
  return Object.fromEntries(entries) as O;
}
