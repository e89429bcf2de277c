import {
  Context,
  METRIC_SOURCES,
  type MetricSeriesKey,
  type RunInfo,
  SYSTEM_METRIC_NAMES,
} from "@prov4ml/core";

/**
 * How a metric series becomes an MLflow metric key. A template with `{context}`, `{name}`,
 * `{rank}` and `{source}`, or a function. MLflow's UI groups charts by the part before the first
 * `/`, so the default `{context}/{name}` gives `training/loss`, `validation/accuracy`. With more
 * than one rank the default is `{context}/{name}/GR{rank}` so ranks logging the same series into
 * one run stay apart.
 */
export type MetricKeyFormat = string | ((series: MetricSeriesKey, run: RunInfo) => string);

/** The source of metrics logged by the user (`logMetric`), as opposed to collector groups. */
export const USER_METRIC_SOURCE = METRIC_SOURCES.user;

/** Series keyed like user metrics (`<context>/<name>`): what the user logged, whichever call. */
const USER_LEVEL_SOURCES = new Set<string>([METRIC_SOURCES.user, METRIC_SOURCES.executionTime]);

/**
 * prov4ml collector metric names → the names MLflow's system-metrics tab charts
 * (mlflow/system_metrics/metrics/*). Indexed GPU names (`gpu_usage_0`) keep their index.
 */
const MLFLOW_SYSTEM_NAMES: Record<string, string> = {
  [SYSTEM_METRIC_NAMES.cpuUsage]: "cpu_utilization_percentage",
  cpu_utilization: "cpu_utilization_percentage",
  [SYSTEM_METRIC_NAMES.memoryUsage]: "system_memory_usage_percentage",
  memory_usage_megabytes: "system_memory_usage_megabytes",
  [SYSTEM_METRIC_NAMES.diskUsage]: "disk_usage_percentage",
  disk_usage_megabytes: "disk_usage_megabytes",
  disk_available_megabytes: "disk_available_megabytes",
  network_receive_megabytes: "network_receive_megabytes",
  network_transmit_megabytes: "network_transmit_megabytes",
  process_cpu_usage: "process_cpu_percentage",
  process_memory_rss_megabytes: "process_memory_rss_megabytes",
};
const MLFLOW_GPU_NAMES: Record<string, string> = {
  [SYSTEM_METRIC_NAMES.gpuUsage]: "utilization_percentage",
  gpu_utilization: "utilization_percentage",
  [SYSTEM_METRIC_NAMES.gpuMemoryUsage]: "memory_usage_percentage",
  gpu_memory_usage_megabytes: "memory_usage_megabytes",
  gpu_power_usage: "power_usage_watts",
  [SYSTEM_METRIC_NAMES.gpuPower]: "power_usage_watts",
  [SYSTEM_METRIC_NAMES.gpuTemperature]: "temperature_celsius",
};

/** MLflow's system-metric name for a collector metric name (unknown names pass through). */
export function systemMetricName(name: string): string {
  const direct = MLFLOW_SYSTEM_NAMES[name];
  if (direct) return direct;
  const gpu = /^(gpu_[a-z_]+?)_(\d+)$/.exec(name);
  if (gpu) {
    const mapped = MLFLOW_GPU_NAMES[gpu[1] ?? ""];
    if (mapped) return `gpu_${gpu[2]}_${mapped}`;
  }
  return name;
}

/**
 * Builds the key function for a run: a key says what a series is, not which plugin logged it.
 * User metrics and execution times follow `format` (`<context>/<name>`). Collector samples (system,
 * carbon, any other group) go under `system/` (`system/GR<rank>/` with several ranks, like MLflow's
 * per-node prefix) with MLflow's names, where its System metrics tab charts them; samples taken in
 * a context other than training keep it (`system/validation/cpu_utilization_percentage`), so two
 * contexts never merge into one key.
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
      if (!USER_LEVEL_SOURCES.has(series.source)) {
        const context = series.context && series.context !== Context.TRAINING ? `${series.context}/` : "";
        key = systemPrefix + context + systemMetricName(series.name);
      } else if (typeof template === "function") key = template(series, run);
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
