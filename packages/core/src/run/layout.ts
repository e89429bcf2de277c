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
import { createHash } from "node:crypto";
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

/** Longest file-name stem we write; file systems allow 255 bytes and percent-encoding triples some characters. */
const MAX_FILE_STEM = 200;

/**
 * Relative path of a metric's CSV file, `<name>_<context>_<source>_GR<rank>.csv`. All three are
 * percent-encoded like ids (so `/` and the like are safe) and context and source also encode `_`,
 * so that two series never share a file: reading from the right, the fields are unambiguous.
 * A stem too long for a file system is cut and completed with a hash of the whole.
 */
export function metricFilePath(name: string, context: string, source: string, rank: number): string {
  const noUnderscore = (part: string) => encodeLocalName(part).replaceAll("_", "%5F");
  let stem = `${encodeLocalName(name)}_${noUnderscore(context)}_${noUnderscore(source)}`;
  if (stem.length > MAX_FILE_STEM) {
    stem = `${stem.slice(0, MAX_FILE_STEM - 20)}~${createHash("sha256").update(stem).digest("hex").slice(0, 16)}`;
  }
  return `${metricsDirName(rank)}/${stem}_GR${rank}.csv`;
}

/** The CSV header line of a metric file. Rows are `step,value,timestamp` (timestamp in epoch ms). */
export const METRIC_CSV_HEADER = "step,value,timestamp";

/** The journal of a run's events (params, tags, artifacts…), one JSON object per line, in logging order. */
export function eventJournalName(rank: number): string {
  return `events_GR${rank}.jsonl`;
}
