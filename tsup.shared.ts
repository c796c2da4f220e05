import { defineConfig } from "tsup";

/**
 * The build every package shares: ESM with declarations, ES2022. Declarations resolve sibling
 * packages through their built `dist` (workspace order builds dependencies first), not through
 * the source paths of tsconfig.base.json.
 */
export const libraryConfig = (entry: string[] | Record<string, string> = ["src/index.ts"]) =>
  defineConfig({
    entry,
    format: ["esm"],
    dts: { compilerOptions: { paths: {} } },
    sourcemap: true,
    clean: true,
    target: "es2022",
  });
