import { realpath } from "node:fs/promises";
import { dirname, sep } from "node:path";
import { UnusableDirectoryError } from "../errors.ts";
import { withTimeout } from "./with-timeout.ts";

/** Kernel file systems: `mkdir` there fails oddly or (Node 20, `/proc/self/…`) spins forever. */
const KERNEL_ROOTS = ["/proc", "/sys", "/dev"];

/** Bound on each file-system call `startRun` makes: a hung mount must not hang the training. */
export const STARTUP_FS_TIMEOUT_MS = 10_000;

function underKernelRoot(path: string): string | undefined {
  return KERNEL_ROOTS.find((root) => path === root || path.startsWith(`${root}${sep}`));
}

/**
 * Refuses a provenance directory under `/proc`, `/sys` or `/dev`, also when reached through a
 * symbolic link (the deepest existing ancestor is resolved). `root` is absolute.
 */
export async function refuseKernelFileSystem(root: string): Promise<void> {
  if (process.platform === "win32") return;
  const direct = underKernelRoot(root);
  if (direct) throw new UnusableDirectoryError(root, `${direct} is a kernel file system, not storage`);
  let existing = root;
  for (;;) {
    try {
      const real = await withFsTimeout(realpath(existing), root, "resolving");
      const resolved = underKernelRoot(real);
      if (resolved) throw new UnusableDirectoryError(root, `it leads to ${real}, on a kernel file system`);
      return;
    } catch (error) {
      if (error instanceof UnusableDirectoryError) throw error;
      const parent = dirname(existing);
      if (parent === existing) return;
      existing = parent;
    }
  }
}

/** Rejects with `UnusableDirectoryError` when a file-system call takes longer than the bound. */
export function withFsTimeout<T>(
  operation: Promise<T>,
  directory: string,
  what: string,
  ms = STARTUP_FS_TIMEOUT_MS,
): Promise<T> {
  return withTimeout(
    operation,
    ms,
    () => new UnusableDirectoryError(directory, `${what} it did not finish within ${ms} ms`),
  );
}
