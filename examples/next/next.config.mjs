import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const src = (pkg) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

/** @type {import("next").NextConfig} */
export default {
  // The workspace packages and ../shared live above this app.
  outputFileTracingRoot: root,
  experimental: { externalDir: true },
  // Built with webpack (`--webpack`): the packages are used from their TypeScript sources, whose
  // `./x.js` imports name `./x.ts` files, which webpack's `extensionAlias` resolves.
  webpack(config) {
    config.resolve.alias = {
      ...config.resolve.alias,
      "@trigger-realtime/core/adapter": fileURLToPath(new URL("../../packages/core/src/adapter/index.ts", import.meta.url)),
      "@trigger-realtime/core$": src("core"),
      "@trigger-realtime/react": src("react"),
    };
    config.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"] };
    return config;
  },
};
