/** `findLineage`: where a file came from and what used it, or what a run's files link it to. */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { sha256File } from "@prov4ml/core/internal";
import type { LineageFile, LineageRun, RunLineage } from "./api-types.ts";
import { RunCatalog } from "./catalog.ts";
import { ExplorerError } from "./errors.ts";
import { linkRuns } from "./lineage.ts";
import { lineageInput, loadLineage } from "./load-lineage.ts";
import { isInside } from "./safe-path.ts";

/** What {@link findLineage} found. */
export interface LineageAnswer {
  /** What was asked about: a file's content, a SHA-256 given as text, or a run. */
  target: { kind: "file" | "sha256"; sha256: string } | { kind: "run"; run: LineageRun };
  /** The matching files (file, sha256), or every file the run generated or used (run). */
  files: LineageFile[];
  lineage: RunLineage;
}

/**
 * Answers "where did this come from, what used it" over the runs under `dirs`. `target` is a
 * SHA-256 (64 hex digits), a file (hashed), or a run directory (its inputs and outputs, and the runs
 * that made or used each of them). A run directory outside `dirs` is read too.
 *
 * @throws {ExplorerError} `EXPLORER_LINEAGE` when `target` does not exist.
 */
export async function findLineage(target: string, dirs: readonly string[]): Promise<LineageAnswer> {
  const roots = dirs.map((dir) => resolve(dir));
  if (/^[0-9a-f]{64}$/i.test(target)) {
    const lineage = await loadLineage(roots);
    const sha256 = target.toLowerCase();
    return { target: { kind: "sha256", sha256 }, files: withSha(lineage, sha256), lineage };
  }
  const info = await stat(target).catch(() => undefined);
  if (info === undefined)
    throw new ExplorerError(
      "EXPLORER_LINEAGE",
      `${JSON.stringify(target)} does not exist: give a file, its SHA-256 (64 hex digits) or a run directory.`,
    );
  if (info.isFile()) {
    const [lineage, sha256] = await Promise.all([loadLineage(roots), sha256File(target)]);
    return { target: { kind: "file", sha256 }, files: withSha(lineage, sha256), lineage };
  }
  const runPath = resolve(target);
  const catalog = new RunCatalog(roots.some((root) => isInside(root, runPath)) ? roots : [...roots, runPath]);
  const entries = await catalog.list();
  const entry = entries.find((candidate) => candidate.found.path === runPath);
  if (entry === undefined)
    throw new ExplorerError(
      "EXPLORER_LINEAGE",
      `${JSON.stringify(target)} holds no run document (prov_*.json): give a run directory, a file or a SHA-256.`,
    );
  const lineage = linkRuns(entries.map(lineageInput));
  const id = entry.summary.id;
  const files = lineage.files.filter((file) => file.generatedBy.includes(id) || file.usedBy.includes(id));
  return { target: { kind: "run", run: lineage.runs.find((run) => run.id === id)! }, files, lineage };
}

function withSha(lineage: RunLineage, sha256: string): LineageFile[] {
  return lineage.files.filter((file) => file.sha256 === sha256);
}
