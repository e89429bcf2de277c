/** The overview drawing of a run, as SVG, drawn by @prov4ml/exporter-dot. */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { loadSvgRenderer, type SvgRenderer, toOverviewDot } from "@prov4ml/exporter-dot";
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

let renderer: Promise<SvgRenderer> | undefined;

/**
 * The Graphviz renderer, loaded once per process (loading the WebAssembly costs seconds on a busy
 * machine, drawing a run well under one). Started early by the server so the first graph is quick.
 */
export function graphRenderer(): Promise<SvgRenderer> {
  renderer ??= loadSvgRenderer();
  renderer.catch(() => {
    renderer = undefined; // a failed load is tried again on the next drawing
  });
  return renderer;
}

/** Draws DOT with the shared renderer; after a failed drawing (Graphviz may exit), loads a new one. */
export async function drawDot(dot: string): Promise<string> {
  try {
    return (await graphRenderer()).render(dot);
  } catch (error) {
    renderer = undefined;
    throw error;
  }
}

/** Draws the run at `path` (run directory or PROV-JSON file) as the overview SVG. */
export async function drawRunSvg(path: string): Promise<string> {
  const parsed = await readProvJsonFile(await runDocumentFile(path));
  return drawDot(toOverviewDot(parsed.document));
}
