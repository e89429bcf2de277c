import type {
  CollectedMetric,
  CollectorPlugin,
  CollectorSample,
  CollectorSession,
  RunInfo,
  UnavailableSource,
} from "@prov4ml/core";
import type { DetectGpuBackendOptions, GpuBackend } from "@prov4ml/nvml";
import { openCpuTemperatureSource } from "./cpu-temperature-source.ts";
import { openCpuUsageSource } from "./cpu-usage-source.ts";
import { openDiskSource } from "./disk-source.ts";
import type { GpuNaming } from "./gpu-metric-name.ts";
import { openGpuSource } from "./gpu-source.ts";
import { openMemorySource } from "./memory-source.ts";
import type { MetricSource } from "./source.ts";

/** The sources this collector can read; each can be turned off. */
export type SystemSourceName = "memory" | "disk" | "cpu" | "cpuTemperature" | "gpu";

export interface SystemCollectorOptions {
  /** Sources to read (all default to `true`). */
  readonly sources?: Partial<Record<SystemSourceName, boolean>>;
  /** A path on the filesystem whose use `disk_usage` reports. Default: the working directory when the run opens. */
  readonly diskPath?: string;
  /** Where procfs is mounted (default `/proc`); tests point these at temporary trees. */
  readonly procRoot?: string;
  /** Where sysfs is mounted (default `/sys`). */
  readonly sysfsRoot?: string;
  /** Where the cgroup hierarchy is mounted (default `/sys/fs/cgroup`). */
  readonly cgroupRoot?: string;
  /** A GPU backend to use instead of detecting one (it is not closed by the collector). */
  readonly gpuBackend?: GpuBackend;
  /** Options for detecting the GPU backend (NVML → nvidia-smi → amdgpu sysfs). */
  readonly gpuDetection?: DetectGpuBackendOptions;
  /** Per-GPU series names; see {@link GpuNaming}. Default `first-unsuffixed`. */
  readonly gpuNaming?: GpuNaming;
}

export const SYSTEM_COLLECTOR_NAME = "@prov4ml/collector-system";

/**
 * The system-metrics collector: `memory_usage`, `disk_usage`, `cpu_usage` (%), `cpu_temperature`
 * (°C) and per GPU `gpu_usage`, `gpu_memory_usage` (%), `gpu_power` (W), `gpu_temperature` (°C),
 * `gpu_energy` (J since the run opened). Readings that cannot be made are reported once as
 * unavailable, with the reason, and never logged as 0. A sample reads files and calls NVML; it
 * spawns no process unless the only GPU backend found is nvidia-smi.
 */
export function systemCollector(options: SystemCollectorOptions = {}): CollectorPlugin {
  return {
    kind: "collector",
    name: SYSTEM_COLLECTOR_NAME,
    specVersion: 1,
    group: "system",
    capabilities: { mode: "poll", platforms: ["linux", "darwin", "win32", "freebsd"] },
    openRun: (_run: RunInfo) => openSystemSession(options),
  };
}

/** Opens every enabled source; exported for callers that want samples without a run. */
export async function openSystemSession(options: SystemCollectorOptions = {}): Promise<CollectorSession> {
  const enabled = (source: SystemSourceName) => options.sources?.[source] !== false;
  const procRoot = options.procRoot ?? "/proc";
  const sysfsRoot = options.sysfsRoot ?? "/sys";
  const opening: Promise<MetricSource>[] = [];
  if (enabled("memory")) {
    opening.push(openMemorySource({ procRoot, cgroupRoot: options.cgroupRoot ?? "/sys/fs/cgroup" }));
  }
  if (enabled("disk")) opening.push(Promise.resolve(openDiskSource(options.diskPath ?? process.cwd())));
  if (enabled("cpu")) opening.push(openCpuUsageSource(procRoot));
  if (enabled("cpuTemperature")) opening.push(openCpuTemperatureSource(sysfsRoot));
  if (enabled("gpu")) {
    opening.push(
      openGpuSource({
        backend: options.gpuBackend,
        detection: options.gpuDetection ?? { amdgpu: { sysfsRoot } },
        naming: options.gpuNaming ?? "first-unsuffixed",
      }),
    );
  }
  const sources = await Promise.all(opening);
  const reported = new Set<string>();

  return {
    async sample(): Promise<CollectorSample> {
      const readings = await Promise.all(sources.map((s) => s.read()));
      const metrics: CollectedMetric[] = [];
      const unavailable: UnavailableSource[] = [];
      for (const reading of readings) {
        metrics.push(...reading.metrics);
        for (const u of reading.unavailable ?? []) {
          // Each (source, reason) once per run: the PROV document records it once anyway.
          const key = `${u.source}\u0000${u.reason}`;
          if (reported.has(key)) continue;
          reported.add(key);
          unavailable.push(u);
        }
      }
      return unavailable.length > 0 ? { metrics, unavailable } : { metrics };
    },
    async finish() {
      const attributes: Record<string, string | number | readonly string[]> = {};
      for (const source of sources) Object.assign(attributes, source.describe?.());
      await Promise.all(sources.map((s) => s.close?.()));
      return { attributes };
    },
  };
}
