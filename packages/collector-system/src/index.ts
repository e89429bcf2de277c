/**
 * @prov4ml/collector-system — memory, disk, CPU and GPU use, GPU memory, power, temperature and
 * energy, and CPU temperature, as prov4ml metrics, cheap enough to sample every second.
 *
 * @packageDocumentation
 */
export type { GpuNaming } from "./gpu-metric-name.ts";
export { gpuMetricName } from "./gpu-metric-name.ts";
export {
  openSystemSession,
  SYSTEM_COLLECTOR_NAME,
  type SystemCollectorOptions,
  type SystemSourceName,
  systemCollector,
} from "./system-collector.ts";
