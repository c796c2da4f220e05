import { fileURLToPath } from "node:url";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  plugins: [sveltekit()],
  resolve: {
    // The adapter and the core resolve to their sources, so no package build is needed first.
    alias: {
      "@trigger-realtime/core": src("core"),
      "@trigger-realtime/svelte": src("svelte"),
    },
    dedupe: ["svelte"],
  },
  server: { host: "127.0.0.1" },
});
