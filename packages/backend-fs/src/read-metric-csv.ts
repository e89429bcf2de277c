import { readFile } from "node:fs/promises";

export interface MetricCsvSeries {
  steps: number[];
  values: number[];
  timestamps: number[];
  /** True when the last line was cut short (a crash mid-write) and was ignored. */
  truncated: boolean;
}

/** Reads a metric CSV written by this backend, ignoring a final line left incomplete by a crash. */
export async function readMetricCsv(path: string): Promise<MetricCsvSeries> {
  const text = await readFile(path, "utf8");
  const lines = text.split("\n");
  const truncated = lines.at(-1) !== "";
  if (truncated) lines.pop();
  const series: MetricCsvSeries = { steps: [], values: [], timestamps: [], truncated };
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const [step, value, timestamp] = line.split(",");
    series.steps.push(Number(step));
    series.values.push(Number(value));
    series.timestamps.push(Number(timestamp));
  }
  return series;
}
