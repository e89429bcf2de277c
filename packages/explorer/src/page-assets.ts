/** The page's script and style, bundled at package build time into dist/page/. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ExplorerError } from "./errors.ts";

/** The bundled page. */
export interface PageAssets {
  script: string;
  style: string;
}

let loaded: Promise<PageAssets> | undefined;

/** Where the bundle lies: dist/page, next to the built module (and found from src/ in tests). */
export function pageAssetsDir(): string {
  return join(import.meta.dirname, "..", "dist", "page");
}

/** Reads the bundled page once. */
export function loadPageAssets(): Promise<PageAssets> {
  loaded ??= (async () => {
    const dir = pageAssetsDir();
    try {
      const [script, style] = await Promise.all([
        readFile(join(dir, "app.js"), "utf8"),
        readFile(join(dir, "app.css"), "utf8"),
      ]);
      return { script, style };
    } catch (error) {
      loaded = undefined;
      throw new ExplorerError(
        "EXPLORER_PAGE_MISSING",
        `the explorer's page is not built (${dir}): run \`pnpm --filter @prov4ml/explorer build\`.`,
        { cause: error },
      );
    }
  })();
  return loaded;
}

/** The page's HTML shell for the server: script and style come from /assets/. */
export const SERVED_INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>prov4ml explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body><main id="app">Loading…</main></body>
</html>
`;
