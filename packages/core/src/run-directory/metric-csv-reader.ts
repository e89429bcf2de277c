import { readFile } from "node:fs/promises";

/** The points of one metric CSV file, as read back. */
export interface MetricCsvPoints {
  readonly steps: Float64Array;
  readonly values: Float64Array;
  /** Epoch milliseconds (NaN where the writer recorded none). */
  readonly timestamps: Float64Array;
  /** Rows without three fields, skipped. */
  readonly skippedRows: number;
  /** True when the last line had no newline (a write cut short by a crash) and was ignored. */
  readonly truncated: boolean;
}

/**
 * Parses a metric CSV: prov4ml's (`step,value,timestamp` header) or yProv4ML's (a
 * `name,context,source` first line). Values may be `NaN`, `Infinity`, `-Infinity`. A final line
 * without its newline is a write cut short (a run killed mid-append) and is ignored, as are rows
 * without three fields. The one CSV reader of the repository (backend-fs, exporter-prov, CLI).
 */
export function parseMetricCsv(text: string): MetricCsvPoints {
  const lines = text.split("\n");
  // The element after the last "\n" is "" for a complete file, or a partial row.
  const truncated = lines.pop() !== "";
  const steps: number[] = [];
  const values: number[] = [];
  const timestamps: number[] = [];
  let skippedRows = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trimEnd();
    if (line === "") continue;
    const fields = line.split(",");
    if (index === 0 && Number.isNaN(Number(fields[0])) && fields[0] !== "NaN") continue; // header
    if (fields.length !== 3) {
      skippedRows++;
      continue;
    }
    steps.push(Number(fields[0]));
    values.push(Number(fields[1]));
    timestamps.push(fields[2] === "" ? Number.NaN : Number(fields[2]));
  }
  return {
    steps: Float64Array.from(steps),
    values: Float64Array.from(values),
    timestamps: Float64Array.from(timestamps),
    skippedRows,
    truncated,
  };
}

/** Reads and parses a metric CSV file (see {@link parseMetricCsv}). */
export async function readMetricCsvFile(path: string): Promise<MetricCsvPoints> {
  return parseMetricCsv(await readFile(path, "utf8"));
}
