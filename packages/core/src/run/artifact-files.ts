import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { cp, lstat, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from "node:path";
import { ArtifactNotFoundError, ArtifactPathError, StorageError } from "../errors.ts";

/**
 * Checks an artifact name (its path inside the artifacts directory) and returns the destination.
 * A name can never lead outside `artifactsDir`: absolute paths, `..` segments, NUL bytes and
 * drive letters are refused before anything touches the disk.
 */
export function artifactDestination(artifactsDir: string, name: string): string {
  if (name.length === 0) throw new ArtifactPathError(name, "the name is empty");
  if (name.includes("\0")) throw new ArtifactPathError(name, "it contains a NUL byte");
  if (isAbsolute(name) || /^[a-zA-Z]:/.test(name) || name.startsWith("\\")) {
    throw new ArtifactPathError(
      name,
      "it is absolute; give a path relative to the run's artifacts directory",
    );
  }
  const segments = name.split(/[/\\]/);
  if (segments.some((segment) => segment === "..")) {
    throw new ArtifactPathError(name, 'it contains ".."; artifacts stay inside the run directory');
  }
  const destination = resolve(artifactsDir, normalize(name));
  const inside = relative(artifactsDir, destination);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new ArtifactPathError(name, "it resolves outside the run's artifacts directory");
  }
  return destination;
}

export interface FileDigest {
  isDirectory: boolean;
  size: number;
  sha256: string;
}

/** Size and SHA-256 of a file, or of a directory's files (sorted `path\0sha256\n` lines, hashed). */
export async function digestPath(path: string): Promise<FileDigest> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ArtifactNotFoundError(path, error);
  }
  if (!info.isDirectory()) return { isDirectory: false, size: info.size, sha256: await sha256File(path) };
  const files = await listFiles(path);
  const listing = createHash("sha256");
  let size = 0;
  for (const file of files) {
    const fileStat = await stat(join(path, file));
    size += fileStat.size;
    listing.update(`${file.split(sep).join("/")}\0${await sha256File(join(path, file))}\n`);
  }
  return { isDirectory: true, size, sha256: listing.digest("hex") };
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (data) => hash.update(data))
      .on("error", (error) => reject(new ArtifactNotFoundError(path, error)))
      .on("end", () => resolvePromise(hash.digest("hex")));
  });
}

async function listFiles(root: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const relativePath = prefix ? join(prefix, entry.name) : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, relativePath)));
    else if (entry.isFile()) out.push(relativePath);
  }
  return out;
}

/**
 * Copies a file or directory to `destination` atomically: into a temporary sibling first, then
 * renamed, so a failure (disk full) leaves nothing half-written under the artifact's name.
 * An existing artifact of the same name is replaced.
 */
export async function copyAtomically(source: string, destination: string): Promise<void> {
  const temporary = `${destination}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    await mkdir(dirname(destination), { recursive: true });
    await cp(source, temporary, { recursive: true, errorOnExist: false, force: true, dereference: true });
    const existing = await lstat(destination).catch(() => undefined);
    if (existing) await rm(destination, { recursive: true, force: true });
    await rename(temporary, destination);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
    throw new StorageError(dirname(destination), "copying an artifact", error, "the artifact is not logged");
  }
}
