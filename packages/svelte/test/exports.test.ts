import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

describe("what the package ships", () => {
  it("exports no name starting with $ (Svelte rejects such imports)", () => {
    expect(Object.keys(api).filter((name) => name.startsWith("$"))).toEqual([]);
  });

  it("ships plain TypeScript with no rune syntax, so tsup builds it", () => {
    const dir = join(import.meta.dirname, "../src");
    const files = readdirSync(dir).filter((name) => name.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const name of files) {
      // A rune is a call (`$state(…)`, `$effect.root(…)`); docs may still name them.
      const source = readFileSync(join(dir, name), "utf8");
      expect(source, name).not.toMatch(/\$(state|derived|effect|props|bindable|inspect|host)(\.\w+)?\s*(<[^>]*>)?\(/);
    }
  });
});
