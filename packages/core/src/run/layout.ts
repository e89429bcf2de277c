/**
 * Names of the files and directories of a run, compatible with yProv4ML's layout:
 *
 * ```
 * <provenanceSaveDir>/<experimentName>_<N>/
 *   prov_<experimentName>_GR<rank>_<N>.json
 *   metrics_GR<rank>/<name>_<context>_<source>_GR<rank>.csv
 *   artifacts_GR<rank>/<artifact name>
 * ```
 */
import { encodeLocalName } from "../prov/identifiers.ts";

export function runDirName(experimentName: string, runNumber: number): string {
  return `${experimentName}_${runNumber}`;
}

export function runNameOf(experimentName: string, rank: number, runNumber: number): string {
  return `${experimentName}_GR${rank}_${runNumber}`;
}

export function provFileName(runName: string, extension: string): string {
  return `prov_${runName}${extension}`;
}

export function metricsDirName(rank: number): string {
  return `metrics_GR${rank}`;
}

export function artifactsDirName(rank: number): string {
  return `artifacts_GR${rank}`;
}

/**
 * Relative path of a metric's CSV file. Name, context and source are percent-encoded like ids,
 * so every series gets one file whatever characters its name holds (`/` included).
 */
export function metricFilePath(name: string, context: string, source: string, rank: number): string {
  const base = [name, context, source].map(encodeLocalName).join("_");
  return `${metricsDirName(rank)}/${base}_GR${rank}.csv`;
}

/** The CSV header line of a metric file. Rows are `step,value,timestamp` (timestamp in epoch ms). */
export const METRIC_CSV_HEADER = "step,value,timestamp";
