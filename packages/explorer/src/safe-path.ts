/** Maps a request path onto a file under one of the served roots, or nothing. */
import { realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";

/** True when `path` is `root` or lies below it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Resolves `requested` (a URL path, still percent-encoded) against `root` and returns the real path
 * of a regular file under the root's real path, or undefined for anything else: `..` (plain or
 * encoded), absolute paths, NUL bytes, symlinks that lead out of the root, directories, missing files.
 */
export async function resolveServedFile(root: string, requested: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requested);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return undefined;
  const segments = decoded.split("/").filter((segment) => segment !== "");
  if (segments.some((segment) => segment === ".." || segment === ".")) return undefined;
  const candidate = resolve(root, ...segments);
  if (!isInside(root, candidate)) return undefined;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInside(realRoot, realFile)) return undefined;
    return (await stat(realFile)).isFile() ? realFile : undefined;
  } catch {
    return undefined;
  }
}
