/** `loadLineage`: the lineage across every run under some provenance directories. */
import { resolve } from "node:path";
import type { RunLineage } from "./api-types.ts";
import { type CatalogEntry, RunCatalog } from "./catalog.ts";
import { type LineageInput, linkRuns } from "./lineage.ts";

/** The catalog entry as the lineage needs it. */
export function lineageInput(entry: CatalogEntry): LineageInput {
  const { summary } = entry;
  return {
    run: {
      id: summary.id,
      path: summary.path,
      status: summary.status,
      ...(summary.run === undefined ? {} : { run: summary.run }),
      ...(summary.experiment === undefined ? {} : { experiment: summary.experiment }),
    },
    ...(entry.view === undefined ? {} : { view: entry.view }),
  };
}

/**
 * Reads every run under `dirs` (run directories, unclosed runs, yProv4ML documents) and joins them
 * by content: which run generated each file (by SHA-256) and which runs used it.
 */
export async function loadLineage(dirs: readonly string[]): Promise<RunLineage> {
  const catalog = new RunCatalog(dirs.map((dir) => resolve(dir)));
  return linkRuns((await catalog.list()).map(lineageInput));
}
