import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";
import { triggerApi } from "../shared/api-plugin.ts";

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [svelte(), triggerApi()],
  resolve: {
    alias: {
      // The adapter entry first: an alias also matches the paths under its name.
      "@trigger-realtime/core/adapter": fileURLToPath(new URL("../../packages/core/src/adapter/index.ts", import.meta.url)),
      "@trigger-realtime/core": src("core"),
      "@trigger-realtime/svelte": src("svelte"),
    },
    // The adapter is aliased to its sources: it must use this app's Svelte.
    dedupe: ["svelte"],
  },
  server: { host: "127.0.0.1" },
});
