import { fileURLToPath } from "node:url";

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

export default defineNuxtConfig({
  compatibilityDate: "2026-01-01",
  devtools: { enabled: false },
  telemetry: false,
  css: [fileURLToPath(new URL("../shared/style.css", import.meta.url))],
  // The adapter and the core resolve to their sources, so no package build is needed first.
  alias: {
    // The adapter entry first: an alias also matches the paths under its name.
    "@trigger-realtime/core/adapter": fileURLToPath(new URL("../../packages/core/src/adapter/index.ts", import.meta.url)),
    "@trigger-realtime/core": src("core"),
    "@trigger-realtime/vue": src("vue"),
  },
  vite: { resolve: { dedupe: ["vue"] } },
  app: {
    head: {
      title: "trigger-realtime · Nuxt",
      link: [{ rel: "icon", href: "data:," }],
    },
  },
});
