// Bundles the explorer's page (plain TypeScript/DOM) into dist/page/app.js and app.css,
// after tsdown (which cleans dist/). Served by the server, inlined by the report.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");

/** Writes dist/page/app.js (minified IIFE) and dist/page/app.css. */
export async function buildPage() {
  const out = join(root, "dist", "page");
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(root, "src", "page", "main.ts")],
    outfile: join(out, "app.js"),
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2022",
    legalComments: "none",
    logLevel: "warning",
  });
  copyFileSync(join(root, "src", "page", "app.css"), join(out, "app.css"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildPage();
