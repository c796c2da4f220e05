import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** This package's directory, found from this module both in `src/` and in a build. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "@trigger-realtime/dev-server") return dir;
    dir = dirname(dir);
  }
  throw new Error("The dev server's package.json was not found");
}

let bundled: Promise<string> | undefined;

/**
 * The runs page's browser script, bundled with esbuild on first use and kept in memory: it runs
 * from TypeScript sources with no build step. In this repository `@trigger-realtime/core` is
 * taken from its sources next door, so the page always shows the client as it is now.
 */
export function runsPageScript(): Promise<string> {
  bundled ??= (async () => {
    const root = packageRoot();
    const coreSource = join(root, "..", "core", "src", "index.ts");
    const { build } = await import("esbuild").catch((cause: unknown) => {
      throw new Error("The runs page is bundled with esbuild, a development dependency of the dev server: run it from the trigger-realtime repository", { cause });
    });
    const result = await build({
      entryPoints: [join(root, "src", "runs-page", "client.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      minify: true,
      write: false,
      logLevel: "silent",
      alias: existsSync(coreSource) ? { "@trigger-realtime/core": coreSource } : {},
    });
    return result.outputFiles![0]!.text;
  })();
  // A failed bundle is not kept: the next request tries again.
  bundled.catch(() => (bundled = undefined));
  return bundled;
}
