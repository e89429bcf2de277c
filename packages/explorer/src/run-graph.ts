/** The overview drawing of a run, as SVG, drawn by @prov4ml/exporter-dot. */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { renderSvg, toOverviewDot } from "@prov4ml/exporter-dot";
import { readProvJsonFile, runDocumentNames } from "@prov4ml/exporter-prov";

/**
 * The document file of a run directory (the one `loadRun` picks: the page and the graph must show
 * the same rank's document), or the file itself.
 */
export async function runDocumentFile(path: string): Promise<string> {
  if (path.endsWith(".json")) return path;
  const names = runDocumentNames(await readdir(path));
  return join(path, names[0] ?? "prov.json");
}

/** Draws the run at `path` (run directory or PROV-JSON file) as the overview SVG. */
export async function drawRunSvg(path: string): Promise<string> {
  const parsed = await readProvJsonFile(await runDocumentFile(path));
  return renderSvg(toOverviewDot(parsed.document));
}
