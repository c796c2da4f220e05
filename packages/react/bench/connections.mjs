// Connections opened by 50 components showing one run, ours vs `@trigger.dev/react-hooks`,
// counted by a local dev server (long-polls it holds, shape requests it served).
//
// The harness (components, dev server, our sources) is bundled with esbuild first, so this runs
// on plain Node; React renders into jsdom, as in a browser.
import { mkdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
const packages = fileURLToPath(new URL("../../", import.meta.url));
const outDir = fileURLToPath(new URL("../node_modules/.cache/bench/", import.meta.url));
mkdirSync(outDir, { recursive: true });

// Workspace packages come from their sources, their dependencies bundled with them. React,
// react-dom, jsdom and the official hooks stay external and load as installed.
const workspace = {
  name: "workspace",
  setup(builder) {
    builder.onResolve({ filter: /^@trigger-realtime\/(core|react|dev-server)$/ }, ({ path }) => ({
      path: `${packages}${path.split("/")[1]}/src/index.ts`,
    }));
    builder.onResolve({ filter: /^(react|react-dom|jsdom|@trigger\.dev\/[^/]+)(\/.*)?$/ }, ({ path }) => ({ path, external: true }));
  },
};
await build({
  entryPoints: [`${here}connections.harness.tsx`],
  outfile: `${outDir}connections.mjs`,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  jsx: "automatic",
  logLevel: "error",
  plugins: [workspace],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
await import(pathToFileURL(`${outDir}connections.mjs`).href);
