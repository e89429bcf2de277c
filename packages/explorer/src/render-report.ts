/** `renderReport`: one run page as a self-contained HTML file (data, script and style inlined). */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { loadRun } from "@prov4ml/exporter-prov";
import type { ReportData, RunDetail, RunSummary } from "./api-types.ts";
import { ExplorerError } from "./errors.ts";
import { loadPageAssets } from "./page-assets.ts";
import { runDetail } from "./run-detail.ts";
import { drawRunSvg } from "./run-graph.ts";
import { summariseRun } from "./run-summary.ts";

/** Options of {@link renderReport}. */
export interface ReportOptions {
  /** Other runs (run directories or PROV-JSON files) to compare with, side by side. */
  readonly compare?: readonly string[];
  /** Draw the PROV overview into the report (default true). */
  readonly graph?: boolean;
}

/** The id of the script element the page reads a report's data from (see the page's data source). */
const REPORT_DATA_ID = "prov4ml-report-data";

/**
 * Renders the run at `runDir` (and the runs in `options.compare`) as one HTML page that needs no
 * server and no network: the page's script and style, the run data (series downsampled to
 * 2,000 points) and the overview SVG are inlined; a Content-Security-Policy admits only them.
 *
 * @throws {ExplorerError} `EXPLORER_REPORT` when a run cannot be read (the cause says why).
 */
export async function renderReport(runDir: string, options: ReportOptions = {}): Promise<string> {
  const paths = [runDir, ...(options.compare ?? [])];
  const runs: RunSummary[] = [];
  const details: Record<string, RunDetail> = {};
  for (const [index, path] of paths.entries()) {
    const id = `r${index}`;
    const view = await loadRun(path).catch((error: unknown) => {
      throw new ExplorerError(
        "EXPLORER_REPORT",
        `cannot report on ${JSON.stringify(path)}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    });
    // Named by its directory only: a mailed report need not tell the layout of the machine it came from.
    const summary = summariseRun(view, id, basename(path));
    const graph = options.graph === false ? undefined : await graphDataUrl(path);
    details[id] = await runDetail(view, summary, {
      download: () => undefined,
      ...(graph === undefined ? {} : { graph }),
    });
    runs.push(summary);
  }
  const title = runs[0]?.run ?? runDir;
  return reportHtml(title, { initialRoute: "#/run/r0", runs, details });
}

async function graphDataUrl(path: string): Promise<string | undefined> {
  try {
    return `data:image/svg+xml;base64,${Buffer.from(await drawRunSvg(path)).toString("base64")}`;
  } catch {
    return undefined; // a document Graphviz cannot draw still gets its report, without the graph
  }
}

async function reportHtml(title: string, data: ReportData): Promise<string> {
  const { script, style } = await loadPageAssets();
  // Inside <script>, "</script" would end the element early; "<" as \u003c keeps the JSON intact.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  const code = script.replace(/<\/script/gi, "<\\/script");
  const policy = [
    "default-src 'none'",
    `script-src '${sha256(code)}'`,
    `style-src '${sha256(style)}'`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} · prov4ml report</title>
<style>${style}</style>
</head>
<body>
<main id="app"></main>
<script type="application/json" id="${REPORT_DATA_ID}">${json}</script>
<script>${code}</script>
</body>
</html>
`;
}

function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text).digest("base64")}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
