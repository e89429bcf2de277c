import type { MetricSeriesKey, RunInfo } from "@prov4ml/core";

/**
 * How a metric series becomes an MLflow metric key. A template with `{context}`, `{name}`,
 * `{rank}` and `{source}`, or a function. MLflow's UI groups charts by the part before the first
 * `/`, so the default `{context}/{name}` gives `training/loss`, `validation/accuracy`. With more
 * than one rank the default is `{context}/{name}/GR{rank}` so ranks logging the same series into
 * one run stay apart.
 */
export type MetricKeyFormat = string | ((series: MetricSeriesKey, run: RunInfo) => string);

/** The source of metrics logged by the user (`logMetric`), as opposed to collector names. */
export const USER_METRIC_SOURCE = "prov4ml";

/**
 * prov4ml collector metric names → the names MLflow's system-metrics tab charts
 * (mlflow/system_metrics/metrics/*). Indexed GPU names (`gpu_usage_0`) keep their index.
 */
const SYSTEM_METRIC_NAMES: Record<string, string> = {
  cpu_usage: "cpu_utilization_percentage",
  cpu_utilization: "cpu_utilization_percentage",
  memory_usage: "system_memory_usage_percentage",
  memory_usage_megabytes: "system_memory_usage_megabytes",
  disk_usage: "disk_usage_percentage",
  disk_usage_megabytes: "disk_usage_megabytes",
  disk_available_megabytes: "disk_available_megabytes",
  network_receive_megabytes: "network_receive_megabytes",
  network_transmit_megabytes: "network_transmit_megabytes",
  process_cpu_usage: "process_cpu_percentage",
  process_memory_rss_megabytes: "process_memory_rss_megabytes",
};
const GPU_METRIC_NAMES: Record<string, string> = {
  gpu_usage: "utilization_percentage",
  gpu_utilization: "utilization_percentage",
  gpu_memory_usage: "memory_usage_percentage",
  gpu_memory_usage_megabytes: "memory_usage_megabytes",
  gpu_power_usage: "power_usage_watts",
  gpu_power: "power_usage_watts",
  gpu_temperature: "temperature_celsius",
};

/** MLflow's system-metric name for a collector metric name (unknown names pass through). */
export function systemMetricName(name: string): string {
  const direct = SYSTEM_METRIC_NAMES[name];
  if (direct) return direct;
  const gpu = /^(gpu_[a-z_]+?)_(\d+)$/.exec(name);
  if (gpu) {
    const mapped = GPU_METRIC_NAMES[gpu[1] ?? ""];
    if (mapped) return `gpu_${gpu[2]}_${mapped}`;
  }
  return name;
}

/**
 * Builds the key function for a run. User metrics follow `format`; collector metrics (any other
 * source, e.g. `@prov4ml/collector-system`) go under `system/` (`system/GR<rank>/` with several
 * ranks, like MLflow's per-node prefix) with MLflow's names, where its system-metrics tab charts them.
 */
export function metricKeyResolver(
  run: RunInfo,
  format: MetricKeyFormat | undefined,
): (series: MetricSeriesKey) => string {
  const multiRank = run.worldSize > 1;
  const template = format ?? (multiRank ? "{context}/{name}/GR{rank}" : "{context}/{name}");
  const systemPrefix = multiRank ? `system/GR${run.rank}/` : "system/";
  const cache = new Map<string, string>();
  return (series) => {
    const cacheKey = `${series.source}\u0000${series.context}\u0000${series.name}`;
    let key = cache.get(cacheKey);
    if (key === undefined) {
      if (series.source !== USER_METRIC_SOURCE) key = systemPrefix + systemMetricName(series.name);
      else if (typeof template === "function") key = template(series, run);
      else key = applyTemplate(template, series, run.rank);
      cache.set(cacheKey, key);
    }
    return key;
  };
}

function applyTemplate(template: string, series: MetricSeriesKey, rank: number): string {
  const key = template
    .replaceAll("{context}", series.context)
    .replaceAll("{name}", series.name)
    .replaceAll("{source}", series.source)
    .replaceAll("{rank}", String(rank));
  // An empty context must not leave a leading or doubled slash.
  return key.replace(/\/{2,}/g, "/").replace(/^\/|\/$/g, "");
}
