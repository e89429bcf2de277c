import { mkdir, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { StorageError, UnusableDirectoryError } from "../errors.ts";
import { runDirName } from "../run-directory/layout.ts";
import { refuseKernelFileSystem, withFsTimeout } from "./directory-guard.ts";

/**
 * Allocates `<saveDir>/<experimentName>_<N>` with N one more than the largest existing, race-free:
 * `mkdir` without `recursive` fails with EEXIST when another process took N first, and we try
 * the next number. Eight processes starting together get eight distinct N.
 */
export async function allocateRunDirectory(
  saveDir: string,
  experimentName: string,
  requestedNumber?: number,
): Promise<{ runDir: string; runNumber: number }> {
  const root = resolve(saveDir);
  await refuseKernelFileSystem(root);
  try {
    await withFsTimeout(mkdir(root, { recursive: true }), root, "creating");
  } catch (error) {
    if (error instanceof UnusableDirectoryError) throw error;
    throw new StorageError(root, "creating the provenance directory", error, "");
  }
  if (requestedNumber !== undefined) {
    // Ranks of one distributed run share N: the directory may already exist.
    const runDir = join(root, runDirName(experimentName, requestedNumber));
    await withFsTimeout(mkdir(runDir, { recursive: true }), runDir, "creating").catch((error) => {
      if (error instanceof UnusableDirectoryError) throw error;
      throw new StorageError(runDir, "creating the run directory", error, "");
    });
    return { runDir, runNumber: requestedNumber };
  }
  let candidate = (await highestRunNumber(root, experimentName)) + 1;
  for (let attempt = 0; attempt < 10_000; attempt++, candidate++) {
    const runDir = join(root, runDirName(experimentName, candidate));
    try {
      await withFsTimeout(mkdir(runDir), runDir, "creating");
      return { runDir, runNumber: candidate };
    } catch (error) {
      if (error instanceof UnusableDirectoryError) throw error;
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new StorageError(runDir, "creating the run directory", error, "");
      }
    }
  }
  throw new StorageError(root, "finding a free run number", undefined, "");
}

async function highestRunNumber(root: string, experimentName: string): Promise<number> {
  const prefix = `${experimentName}_`;
  let highest = -1;
  for (const entry of await withFsTimeout(readdir(root), root, "listing")) {
    if (!entry.startsWith(prefix)) continue;
    const suffix = entry.slice(prefix.length);
    if (/^\d+$/.test(suffix)) highest = Math.max(highest, Number(suffix));
  }
  return highest;
}
