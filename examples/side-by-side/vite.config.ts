import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { triggerApi } from "../shared/api-plugin.ts";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [triggerApi()],
  server: { host: "127.0.0.1" },
});
