/** Finds the runs under the directories the explorer was given, without following symlinks. */
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";

/** A run found on disk: a run directory (holding `prov_*.json`) or a standalone PROV-JSON file. */
export interface FoundRun {
  /** Index of the root directory it was found under. */
  root: number;
  /** Absolute path of the run directory or document. */
  path: string;
  /** Path relative to its root, with `/` separators. */
  relativePath: string;
}

/** How deep below a root runs are looked for: a provenance dir, an experiment dir, a run dir. */
const MAX_DEPTH = 4;
const RUN_DOCUMENT = /^prov_.*\.json$/;

/**
 * Lists the runs under each root: every directory holding a `prov_*.json` document (not looked
 * into further), and every other `.json` file (yProv4ML documents are often loose files).
 * Symlinks, hidden entries and `node_modules` are skipped, so nothing outside a root is read.
 */
export async function discoverRuns(roots: readonly string[]): Promise<FoundRun[]> {
  const found: FoundRun[] = [];
  for (const [index, root] of roots.entries()) await walk(root, root, index, 0, found);
  return found;
}

async function walk(root: string, dir: string, index: number, depth: number, found: FoundRun[]) {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // deleted while we looked, or unreadable: nothing to list
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const add = (path: string) =>
    found.push({ root: index, path, relativePath: relative(root, path).split("\\").join("/") || "." });
  if (entries.some((entry) => entry.isFile() && RUN_DOCUMENT.test(entry.name))) {
    add(dir);
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.isSymbolicLink()) continue;
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name.endsWith(".json")) add(path);
    else if (entry.isDirectory() && depth < MAX_DEPTH) await walk(root, path, index, depth + 1, found);
  }
}
