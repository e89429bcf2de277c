import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { ZipFile } from "yazl";
import { loadRun } from "../run-view/load-run.ts";
import { runDocumentNames } from "../run-view/run-document-names.ts";
import { type CrateFile, listCrateFiles } from "./crate-files.ts";
import { RO_CRATE_METADATA_FILE, roCrateMetadata } from "./crate-metadata.ts";
import { RoCrateError } from "./ro-crate-error.ts";

/** What `writeRoCrate` wrote. */
export interface RoCrateResult {
  /** Absolute path of the zip. */
  path: string;
  /** The run's files in the crate (the metadata file aside), by crate path. */
  files: CrateFile[];
  /** Size of the zip in bytes. */
  bytes: number;
}

export interface RoCrateOptions {
  /** When the crate was made (ISO 8601); default now. */
  datePublished?: string;
}

/**
 * Packs a run directory as an RO-Crate 1.1 zip: `ro-crate-metadata.json` (see `roCrateMetadata`)
 * beside every file of the run — the PROV document, metric files, artifacts, graphs — at the
 * zip's root. Written to a temporary file and renamed, so a reader never sees half a zip.
 *
 * @throws {RoCrateError} when `runDir` is not a run directory (no `prov_*.json` document in it).
 */
export async function writeRoCrate(
  runDir: string,
  outFile: string,
  options: RoCrateOptions = {},
): Promise<RoCrateResult> {
  const root = resolve(runDir);
  const target = resolve(outFile);
  const isDirectory = await stat(root).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isDirectory)
    throw new RoCrateError(
      `${JSON.stringify(runDir)} is not a directory: give a run directory (the one holding prov_*.json).`,
    );
  const view = await loadRun(root).catch((error: unknown) => {
    throw new RoCrateError(
      `cannot pack ${JSON.stringify(runDir)} as an RO-Crate: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  });
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  const files = await listCrateFiles(root, [target, temporary]);
  // the document loadRun read the metadata from (lowest rank first), not the first by name
  const documentPath = runDocumentNames(files.map((file) => file.path))[0] ?? "";
  const metadata = roCrateMetadata(files, { view, documentPath, ...options });
  await mkdir(dirname(target), { recursive: true });
  try {
    await writeZip(temporary, files, `${JSON.stringify(metadata, null, 2)}\n`);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new RoCrateError(
      `could not write the RO-Crate ${relative(process.cwd(), target) || target}: ${error instanceof Error ? error.message : String(error)}. Check that its directory is writable and has room.`,
      { cause: error },
    );
  }
  return { path: target, files, bytes: (await stat(target)).size };
}

function writeZip(path: string, files: readonly CrateFile[], metadata: string): Promise<void> {
  return new Promise((done, fail) => {
    const zip = new ZipFile();
    const out = createWriteStream(path);
    out.on("error", fail).on("close", () => done());
    zip.outputStream.on("error", fail).pipe(out);
    zip.addBuffer(Buffer.from(metadata, "utf8"), RO_CRATE_METADATA_FILE);
    for (const file of files) zip.addFile(file.absolutePath, file.path);
    zip.end();
  });
}
