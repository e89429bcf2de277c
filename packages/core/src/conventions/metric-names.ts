/**
 * Metric-name conventions shared by collectors and backends (like OpenTelemetry's semantic
 * conventions): collectors emit these names, backends map them (MLflow's system-metric names,
 * CodeCarbon's columns), nobody re-types them. Values never change once published; add new ones.
 */

/** Sources of metric series (`MetricChunk.source`) other than a collector's group. */
export const METRIC_SOURCES = {
  /** `logMetric` by the user. */
  user: "prov4ml",
  /** `logCurrentExecutionTime`: a user-level series, keyed by context like `logMetric`. */
  executionTime: "execution_time",
  /** Samples of collectors of group "system" (`logSystemMetrics`). */
  system: "system",
  /** Samples of collectors of group "carbon" (`logCarbonMetrics`). */
  carbon: "carbon",
} as const;

/** Names `@prov4ml/collector-system` emits. GPU names get a device suffix (`gpu_usage_0` by default). */
export const SYSTEM_METRIC_NAMES = {
  cpuUsage: "cpu_usage",
  cpuTemperature: "cpu_temperature",
  memoryUsage: "memory_usage",
  diskUsage: "disk_usage",
  gpuUsage: "gpu_usage",
  gpuMemoryUsage: "gpu_memory_usage",
  gpuPower: "gpu_power",
  gpuTemperature: "gpu_temperature",
  gpuEnergy: "gpu_energy",
} as const;

/** Names `@prov4ml/collector-carbon` emits: CodeCarbon's emissions.csv columns. */
export const CARBON_METRIC_NAMES = {
  emissions: "emissions",
  emissionsRate: "emissions_rate",
  energyConsumed: "energy_consumed",
  cpuEnergy: "cpu_energy",
  gpuEnergy: "gpu_energy",
  ramEnergy: "ram_energy",
  cpuPower: "cpu_power",
  gpuPower: "gpu_power",
  ramPower: "ram_power",
} as const;
