/**
 * Catches tests that leave temporary files behind: the suite runs with TMPDIR (TMP, TEMP) set to
 * one fresh directory, so everything it creates through os.tmpdir() lands there and is ours to
 * count — other programs on the machine do not muddle the count. `leftovers()` lists what is
 * still there at the end and removes the directory.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pointTempDirAt } from "../../tooling/vitest/temp-env.mjs";

function sizeOf(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats?.isDirectory()) return stats?.size ?? 0;
  let total = 0;
  for (const name of readdirSync(path)) total += sizeOf(join(path, name));
  return total;
}

/** Points this process and its children at a fresh temporary directory. */
export function isolateTempDir() {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-test-run-"));
  const restore = pointTempDirAt(dir);
  return {
    dir,
    /** What the run left in `dir` (names and total bytes); removes `dir` afterwards. */
    leftovers() {
      restore();
      const names = readdirSync(dir).sort();
      const bytes = sizeOf(dir);
      rmSync(dir, { recursive: true, force: true });
      return { names, bytes };
    },
  };
}

/** Prints the leftovers, grouped by name prefix (a test's mkdtemp prefix names its package). */
export function reportLeftovers({ names, bytes }) {
  if (names.length === 0) {
    console.log("\ntemporary files: none left behind");
    return true;
  }
  const byPrefix = new Map();
  for (const name of names) {
    const prefix = name.replace(/[-_.]?[A-Za-z0-9]{6,}$/, "");
    byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
  }
  const groups = [...byPrefix].map(([prefix, count]) => `${prefix}* ×${count}`).join(", ");
  console.log(
    `\ntemporary files: the tests left ${names.length} entries (${(bytes / 1e6).toFixed(1)} MB) in the temp dir: ${groups}`,
  );
  return false;
}
