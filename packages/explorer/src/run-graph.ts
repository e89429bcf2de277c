/** The overview drawing of a run, as SVG, drawn by @prov4ml/exporter-dot. */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { renderSvg, toOverviewDot } from "@prov4ml/exporter-dot";
import { readProvJsonFile } from "@prov4ml/exporter-prov";

/**
 * The document file of a run directory (lowest rank first, as `loadRun` picks), or the file itself.
 * The same order as exporter-prov's `byRank`, which it does not export: the page and the graph
 * must show the same rank's document.
 */
export async function runDocumentFile(path: string): Promise<string> {
  if (path.endsWith(".json")) return path;
  const names = (await readdir(path)).filter((name) => /^prov_.*\.json$/.test(name)).sort(byRank);
  return join(path, names[0] ?? "prov.json");
}

/** `prov_x_GR2_1.json` before `prov_x_GR10_1.json`. */
function byRank(a: string, b: string): number {
  const rank = (name: string) => Number(/_GR(\d+)_/.exec(name)?.[1] ?? Number.POSITIVE_INFINITY);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Draws the run at `path` (run directory or PROV-JSON file) as the overview SVG. */
export async function drawRunSvg(path: string): Promise<string> {
  const parsed = await readProvJsonFile(await runDocumentFile(path));
  return renderSvg(toOverviewDot(parsed.document));
}
