/** The runs under the served directories, read with `loadRun` and cached by modification time. */
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { relative } from "node:path";
import { loadRun, type RunView } from "@prov4ml/exporter-prov";
import type { RunSummary } from "./api-types.ts";
import { discoverRuns, type FoundRun } from "./discover-runs.ts";
import { summariseRun, unreadableRun } from "./run-summary.ts";
import { isInside } from "./safe-path.ts";

/** A run of the catalog: where it is, and its view when it could be read. */
export interface CatalogEntry {
  found: FoundRun;
  summary: RunSummary;
  view?: RunView;
  /** The directory its files are relative to (the run directory, or the document's directory). */
  baseDir: string;
}

/** Reads the runs under `roots` on every `list()`, rereading only runs whose document changed. */
export class RunCatalog {
  readonly roots: readonly string[];
  private readonly cache = new Map<string, { stamp: string; entry: CatalogEntry }>();
  private byId = new Map<string, CatalogEntry>();

  constructor(roots: readonly string[]) {
    this.roots = roots;
  }

  /** Every run now on disk (new runs appear, deleted ones go), unreadable ones with an error. */
  async list(): Promise<CatalogEntry[]> {
    const found = await discoverRuns(this.roots);
    const entries = await Promise.all(found.map((run) => this.entryOf(run)));
    this.byId = new Map(entries.map((entry) => [entry.summary.id, entry]));
    return entries;
  }

  /** The run with this id, as of the last `list()` (listing first when the id is unknown). */
  async get(id: string): Promise<CatalogEntry | undefined> {
    if (!this.byId.has(id)) await this.list();
    const entry = this.byId.get(id);
    return entry === undefined ? undefined : this.entryOf(entry.found);
  }

  /** The root index and root-relative path of `path`, when it lies under a root. */
  locate(path: string): { root: number; relativePath: string } | undefined {
    for (const [root, dir] of this.roots.entries()) {
      if (isInside(dir, path)) return { root, relativePath: relative(dir, path).split("\\").join("/") };
    }
    return undefined;
  }

  private async entryOf(found: FoundRun): Promise<CatalogEntry> {
    const id = runId(found);
    const stamp = await changeStamp(found.path);
    const cached = this.cache.get(found.path);
    if (cached !== undefined && cached.stamp === stamp) return cached.entry;
    const baseDir = found.path.endsWith(".json") ? found.path.replace(/[/\\][^/\\]*$/, "") : found.path;
    let entry: CatalogEntry;
    try {
      const view = await loadRun(found.path);
      entry = { found, view, baseDir, summary: summariseRun(view, id, found.relativePath) };
    } catch (error) {
      // The message names the file by its served path: the page need not learn the server's layout.
      const message = (error instanceof Error ? error.message : String(error))
        .split(found.path)
        .join(found.relativePath);
      entry = { found, baseDir, summary: unreadableRun(id, found.relativePath, message) };
    }
    this.cache.set(found.path, { stamp, entry });
    return entry;
  }
}

function runId(found: FoundRun): string {
  return createHash("sha256").update(`${found.root}\0${found.relativePath}`).digest("hex").slice(0, 16);
}

/** Size and mtime of the path (a run directory changes when its files are rewritten). */
async function changeStamp(path: string): Promise<string> {
  try {
    const info = await stat(path);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return "missing";
  }
}
