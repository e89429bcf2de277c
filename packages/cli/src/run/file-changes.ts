/**
 * What the command read and wrote: `--input`/`--output` paths hashed (SHA-256) before and after,
 * and `--watch` directories listed before and after (size, mtime, inode) to find every file
 * created or changed during the run. A file created and deleted within the run is not seen.
 */
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { digestPath } from "@prov4ml/core/internal";

/** SHA-256 of each path, or undefined for a path that does not exist (yet). */
export async function hashPaths(paths: readonly string[]): Promise<Map<string, string | undefined>> {
  const hashes = new Map<string, string | undefined>();
  for (const path of paths) {
    const absolute = resolve(path);
    hashes.set(absolute, existsSync(absolute) ? (await digestPath(absolute)).sha256 : undefined);
  }
  return hashes;
}

export interface OutputChanges {
  /** Outputs created or changed: recorded as generated. */
  readonly changed: string[];
  /** Outputs that exist but are byte-for-byte as before: reported, not claimed. */
  readonly unchanged: string[];
  /** Outputs that do not exist after the run. */
  readonly missing: string[];
}

export async function compareOutputs(before: Map<string, string | undefined>): Promise<OutputChanges> {
  const after = await hashPaths([...before.keys()]);
  const changes: OutputChanges = { changed: [], unchanged: [], missing: [] };
  for (const [path, hash] of after) {
    if (hash === undefined) changes.missing.push(path);
    else if (hash === before.get(path)) changes.unchanged.push(path);
    else changes.changed.push(path);
  }
  return changes;
}

type Listing = Map<string, string>;

/** Every file under the directories, with a fingerprint that changes when the file does. */
export async function listWatched(dirs: readonly string[]): Promise<Listing> {
  const listing: Listing = new Map();
  for (const dir of dirs) await walk(resolve(dir), listing);
  return listing;
}

/** Files created or changed since `before`, each with the artifact name to record it under. */
export async function watchedChanges(
  dirs: readonly string[],
  before: Listing,
): Promise<{ path: string; name: string }[]> {
  const after = await listWatched(dirs);
  const changed: { path: string; name: string }[] = [];
  for (const [path, fingerprint] of after) {
    if (before.get(path) === fingerprint) continue;
    const dir = dirs.map((d) => resolve(d)).find((d) => path.startsWith(`${d}/`)) ?? resolve(dirs[0] ?? ".");
    changed.push({ path, name: `${basename(dir)}/${relative(dir, path)}` });
  }
  return changed.sort((a, b) => a.path.localeCompare(b.path));
}

async function walk(dir: string, listing: Listing): Promise<void> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // not there (yet): nothing to list
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, listing);
    else if (entry.isFile()) {
      const info = await stat(path).catch(() => undefined);
      if (info) listing.set(path, `${info.size}:${info.mtimeMs}:${info.ino}`);
    }
  }
}
