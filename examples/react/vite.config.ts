import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { triggerApi } from "../shared/api-plugin.ts";

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react(), triggerApi()],
  resolve: {
    alias: {
      // The adapter entry first: an alias also matches the paths under its name.
      "@trigger-realtime/core/adapter": fileURLToPath(new URL("../../packages/core/src/adapter/index.ts", import.meta.url)),
      "@trigger-realtime/core": src("core"),
      "@trigger-realtime/react": src("react"),
    },
    // The adapter is aliased to its sources: it must use this app's React, not a copy of its own.
    dedupe: ["react", "react-dom"],
  },
  server: { host: "127.0.0.1" },
});
