import { fileURLToPath } from "node:url";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  plugins: [sveltekit()],
  resolve: {
    // The adapter and the core resolve to their sources, so no package build is needed first.
    alias: {
      // The adapter entry first: an alias also matches the paths under its name.
      "@trigger-realtime/core/adapter": fileURLToPath(new URL("../../packages/core/src/adapter/index.ts", import.meta.url)),
      "@trigger-realtime/core": src("core"),
      "@trigger-realtime/svelte": src("svelte"),
    },
    dedupe: ["svelte"],
  },
  server: { host: "127.0.0.1" },
});
