import { defineConfig } from "tsup";
import { libraryConfig } from "../../tsup.shared.ts";

const library = libraryConfig();

/**
 * Two builds: `dist/index.js` for plain ESM consumers, and `dist/index.jsx` (JSX preserved) behind
 * the `solid` export condition. vite-plugin-solid picks a package with that condition up, compiles
 * it with the app and keeps it out of dependency pre-bundling and SSR externals, so the app and
 * this package share one instance of solid-js (no duplicate-instance or hydration key errors).
 * The first build's clean keeps the second's output, which it would otherwise race.
 */
export default defineConfig([
  { ...library, clean: ["!index.jsx"] },
  {
    entry: library.entry,
    format: ["esm"],
    target: library.target,
    clean: false,
    dts: false,
    outExtension: () => ({ js: ".jsx" }),
    esbuildOptions(options) {
      options.jsx = "preserve";
    },
  },
]);
