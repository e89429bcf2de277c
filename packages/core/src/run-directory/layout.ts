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
import { decodeLocalName, encodeLocalName } from "../prov/identifiers.ts";

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

/** Sources whose name holds a "_" and still get a readable file name (the parser knows them). */
const MULTI_WORD_SOURCES: readonly string[] = ["execution_time"];

/**
 * Relative path of a metric's CSV file, `<name>_<context>_<source>_GR<rank>.csv`, readable as in
 * yProv4ML (`epoch_time_training_execution_time_GR0.csv`). Each part is percent-encoded like ids
 * (so `/` and the like are safe) but `_` stays as it is. The rule that keeps two series apart:
 * a stem is used only if {@link seriesKeyOfMetricStem} reads it back to the same key; otherwise
 * (a context with a `_`, say) context and source also encode `_` as `%5F`, as earlier versions
 * did. So no two keys share a stem. A stem too long for a file system is cut and completed with
 * a hash (`~…`, a character the encodings never leave).
 */
export function metricFilePath(name: string, context: string, source: string, rank: number): string {
  const readsBack = (candidate: string) => {
    const key = seriesKeyOfMetricStem(candidate);
    return key.name === name && key.context === context && key.source === source;
  };
  const noUnderscore = (part: string) => encodeLocalName(part).replaceAll("_", "%5F");
  let stem = `${encodeLocalName(name)}_${encodeLocalName(context)}_${encodeLocalName(source)}`;
  if (!readsBack(stem)) stem = `${encodeLocalName(name)}_${noUnderscore(context)}_${noUnderscore(source)}`;
  if (!readsBack(stem) || stem.length > MAX_FILE_STEM) {
    const hash = createHash("sha256").update(stem).digest("hex").slice(0, 16);
    stem = `${stem.slice(0, MAX_FILE_STEM - 20)}~${hash}`;
  }
  return `${metricsDirName(rank)}/${stem}_GR${rank}.csv`;
}

/**
 * The series key a metric file's stem (its name without `_GR<rank>.csv`) stands for. Reads both
 * today's readable names and those of earlier versions, which percent-encoded `_` in context and
 * source (`execution%5Ftime`). The source is the last field, or a known multi-word source; the
 * context the field before it; the name the rest. A stem with a `~hash` suffix cannot be read
 * back from its name alone (the run's document names its key).
 */
export function seriesKeyOfMetricStem(stem: string): { name: string; context: string; source: string } {
  const parts = stem.split("_");
  let source = "";
  const multiWord = MULTI_WORD_SOURCES.find((candidate) => {
    const words = candidate.split("_");
    return parts.length > words.length + 1 && parts.slice(-words.length).join("_") === candidate;
  });
  if (multiWord !== undefined) {
    parts.splice(-multiWord.split("_").length);
    source = multiWord;
  } else if (parts.length >= 3) source = decodeLocalName(parts.pop()!);
  const context = parts.length >= 2 ? decodeLocalName(parts.pop()!) : "";
  return { name: decodeLocalName(parts.join("_")), context, source };
}

/** The CSV header line of a metric file. Rows are `step,value,timestamp` (timestamp in epoch ms). */
export const METRIC_CSV_HEADER = "step,value,timestamp";

/** The journal of a run's events (params, tags, artifacts…), one JSON object per line, in logging order. */
export function eventJournalName(rank: number): string {
  return `events_GR${rank}.jsonl`;
}
