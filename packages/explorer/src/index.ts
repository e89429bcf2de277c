/**
 * @prov4ml/explorer — a local web page over prov4ml and yProv4ML provenance directories (runs
 * table, run page with metric charts and the PROV overview drawing, run comparison), and a
 * self-contained HTML report of a run.
 *
 * @packageDocumentation
 */
export type {
  ArtifactData,
  ChartAxis,
  LineageFile,
  LineageRun,
  MetricSeriesData,
  ReportData,
  RunDetail,
  RunLineage,
  RunStatusLabel,
  RunSummary,
  SeriesPanel,
} from "./api-types.ts";
export { type Downsampled, downsampleMinMax, MAX_CHART_POINTS } from "./downsample.ts";
export { ExplorerError } from "./errors.ts";
export { findLineage, type LineageAnswer } from "./find-lineage.ts";
export { type LineageInput, linkRuns, sharedFiles } from "./lineage.ts";
export { loadLineage } from "./load-lineage.ts";
export { formatBytes } from "./page/format.ts";
export { type ReportOptions, renderReport } from "./render-report.ts";
export { type ExplorerOptions, type ExplorerServer, startExplorer } from "./server.ts";
