import { lstat, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { sha256File } from "@prov4ml/core/internal";
import { mediaTypeOf } from "./media-types.ts";

/** One file of the crate: where it is on disk, its path in the crate (`/`-separated) and its facts. */
export interface CrateFile {
  /** Path inside the crate, relative to its root, `/`-separated. */
  readonly path: string;
  readonly absolutePath: string;
  readonly size: number;
  readonly sha256: string;
  readonly encodingFormat: string;
}

/**
 * Directories of a run that are delivery state, not provenance: the MLflow backend's spool holds
 * records still to send (and copies of files already in the crate).
 */
const SKIPPED_DIRECTORY = /^mlflow_spool/;

/**
 * Every regular file under the run directory, sorted by path, with its size and SHA-256. Hidden
 * entries, the MLflow spool, symbolic links (they could point out of the run) and `exclude` (the
 * zip being written, when it lies inside) are left out.
 */
export async function listCrateFiles(runDir: string, exclude: readonly string[] = []): Promise<CrateFile[]> {
  const root = resolve(runDir);
  const excluded = new Set(exclude.map((path) => resolve(path)));
  const files: CrateFile[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      if (name.startsWith(".")) continue;
      const absolutePath = join(dir, name);
      if (excluded.has(absolutePath)) continue;
      const info = await lstat(absolutePath);
      const path = prefix ? `${prefix}/${name}` : name;
      if (info.isDirectory()) {
        if (!(prefix === "" && SKIPPED_DIRECTORY.test(name))) await walk(absolutePath, path);
      } else if (info.isFile()) {
        files.push({
          path,
          absolutePath,
          size: info.size,
          sha256: await sha256File(absolutePath),
          encodingFormat: mediaTypeOf(name),
        });
      }
    }
  };
  await walk(root, "");
  return files;
}
