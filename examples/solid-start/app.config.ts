import { fileURLToPath } from "node:url";
import { defineConfig } from "@solidjs/start/config";

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  server: { preset: "node-server" },
  vite: {
    resolve: {
      // The adapter and the core resolve to their sources, so no package build is needed first.
      alias: {
        // The adapter entry first: an alias also matches the paths under its name.
        "@trigger-realtime/core/adapter": fileURLToPath(new URL("../../packages/core/src/adapter/index.ts", import.meta.url)),
        "@trigger-realtime/core": src("core"),
        "@trigger-realtime/solid": src("solid"),
      },
      // One Solid for the app and the adapter: two copies cannot hydrate each other's markup.
      dedupe: ["solid-js", "solid-js/web", "solid-js/store"],
    },
    server: { host: "127.0.0.1" },
  },
});
