import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { triggerApi } from "../shared/api-plugin.ts";

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [solid(), triggerApi()],
  resolve: {
    alias: {
      // The adapter entry first: an alias also matches the paths under its name.
      "@trigger-realtime/core/adapter": fileURLToPath(new URL("../../packages/core/src/adapter/index.ts", import.meta.url)),
      "@trigger-realtime/core": src("core"),
      "@trigger-realtime/solid": src("solid"),
    },
    // The adapter is aliased to its sources: it must use this app's Solid.
    dedupe: ["solid-js"],
  },
  server: { host: "127.0.0.1" },
});
