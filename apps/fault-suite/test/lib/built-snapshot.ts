/**
 * A snapshot of the built workspace packages for the child processes. The children import
 * `dist/` files; a copy taken once at the start keeps every child of one suite run on the same
 * build, even while a package is rebuilt in the working tree (its `dist/` briefly disappears).
 *
 * Layout: `<root>/packages/<dir>/{package.json,dist}` plus a `node_modules` whose `@prov4ml/*`
 * entries point at the snapshot's siblings and whose other entries point at the real installs.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function linkDependencies(
  fromModules: string,
  toModules: string,
  snapshotPackages: Map<string, string>,
): void {
  if (!existsSync(fromModules)) return;
  mkdirSync(toModules, { recursive: true });
  for (const entry of readdirSync(fromModules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) {
      for (const scoped of readdirSync(join(fromModules, entry))) {
        const name = `${entry}/${scoped}`;
        mkdirSync(join(toModules, entry), { recursive: true });
        const target = snapshotPackages.get(name) ?? realpathSync(join(fromModules, name));
        symlinkSync(target, join(toModules, name), "dir");
      }
      continue;
    }
    symlinkSync(
      snapshotPackages.get(entry) ?? realpathSync(join(fromModules, entry)),
      join(toModules, entry),
      "dir",
    );
  }
}

/**
 * Copies every `packages/*` that has a `dist/` into `root`. Waits (up to `waitMs`) for the
 * packages in `required` whose `dist/` is missing — a rebuild in progress.
 */
export function snapshotBuiltPackages(
  repoRoot: string,
  root: string,
  required: readonly string[],
  waitMs = 90_000,
): void {
  const deadline = Date.now() + waitMs;
  for (const dir of required) {
    while (!existsSync(join(repoRoot, "packages", dir, "dist", "index.mjs"))) {
      if (Date.now() > deadline) {
        throw new Error(
          `packages/${dir}/dist is missing: build first (pnpm turbo run build --filter=@prov4ml/fault-suite...)`,
        );
      }
      sleepSync(500);
    }
  }
  const packagesDir = join(repoRoot, "packages");
  const snapshotPackages = new Map<string, string>();
  const dirs = readdirSync(packagesDir).filter((dir) => existsSync(join(packagesDir, dir, "dist")));
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")) as {
      name: string;
    };
    snapshotPackages.set(manifest.name, join(root, "packages", dir));
  }
  for (const dir of dirs) {
    const target = join(root, "packages", dir);
    mkdirSync(target, { recursive: true });
    cpSync(join(packagesDir, dir, "package.json"), join(target, "package.json"));
    cpSync(join(packagesDir, dir, "dist"), join(target, "dist"), { recursive: true });
    linkDependencies(join(packagesDir, dir, "node_modules"), join(target, "node_modules"), snapshotPackages);
  }
}
