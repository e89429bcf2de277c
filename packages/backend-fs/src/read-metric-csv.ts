import { readMetricCsvFile } from "@prov4ml/core";

export interface MetricCsvSeries {
  steps: number[];
  values: number[];
  timestamps: number[];
  /** True when the last line was cut short (a crash mid-write) and was ignored. */
  truncated: boolean;
}

/** Reads a metric CSV written by this backend, ignoring a final line left incomplete by a crash (core's reader). */
export async function readMetricCsv(path: string): Promise<MetricCsvSeries> {
  const points = await readMetricCsvFile(path);
  return {
    steps: [...points.steps],
    values: [...points.values],
    timestamps: [...points.timestamps],
    truncated: points.truncated,
  };
}
