import { type CollectedMetric, SYSTEM_METRIC_NAMES, type UnavailableSource } from "@prov4ml/core";
import {
  type DetectGpuBackendOptions,
  detectGpuBackend,
  type GpuBackend,
  type GpuDeviceReading,
  type GpuReadingField,
} from "@prov4ml/nvml";
import { type GpuNaming, gpuMetricName } from "./gpu-metric-name.ts";
import { type MetricSource, type SourceReading, unavailableSource } from "./source.ts";

export interface GpuSourceOptions {
  /** A ready backend (tests, or one shared with another collector). It is probed but not closed. */
  readonly backend?: GpuBackend;
  /** How to find a backend when none is given: NVML → nvidia-smi → amdgpu sysfs. */
  readonly detection?: DetectGpuBackendOptions;
  readonly naming: GpuNaming;
}

/** Which metrics each backend field feeds, for the unavailable-source records. */
const FIELD_METRICS: Record<GpuReadingField, readonly string[]> = {
  utilization: [SYSTEM_METRIC_NAMES.gpuUsage],
  memory: [SYSTEM_METRIC_NAMES.gpuMemoryUsage],
  power: [SYSTEM_METRIC_NAMES.gpuPower],
  energy: [SYSTEM_METRIC_NAMES.gpuEnergy],
  temperature: [SYSTEM_METRIC_NAMES.gpuTemperature],
};

/**
 * Per-GPU metrics: `gpu_usage` % (0–100), `gpu_memory_usage` % of device memory used (0–100),
 * `gpu_power` W, `gpu_temperature` °C, `gpu_energy` J consumed since the run opened (from the
 * hardware energy counter; absent where there is none — power is not integrated into a guess).
 */
export async function openGpuSource(options: GpuSourceOptions): Promise<MetricSource> {
  let backend = options.backend;
  let ownsBackend = false;
  if (backend) {
    const probe = await backend.probe();
    if (!probe.available) return unavailableSource("gpu", `${probe.backend}: ${probe.reason}`);
  } else {
    const detection = await detectGpuBackend(options.detection);
    if (!detection.backend) {
      const reasons = detection.attempts.map((a) => `${a.backend}: ${a.reason}`).join("; ");
      return unavailableSource("gpu", `no GPU found (${reasons || "no GPU backend enabled"})`);
    }
    backend = detection.backend;
    ownsBackend = true;
  }
  const active = backend;
  const name = (base: string, index: number) => gpuMetricName(base, index, options.naming);

  const energy = new EnergyCounters();
  // The baseline for gpu_energy: the first sample() then reports energy used since the run opened.
  try {
    energy.baseline(await active.sample());
  } catch {
    // The first sample() will take the baseline instead.
  }

  let devices: readonly string[] = [];
  return {
    async read(): Promise<SourceReading> {
      let readings: readonly GpuDeviceReading[];
      try {
        readings = await active.sample();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { metrics: [], unavailable: [{ source: "gpu", reason: `${active.name}: ${reason}` }] };
      }
      devices = readings.map((r) => `${r.index}: ${r.name ?? "unknown"}${r.uuid ? ` (${r.uuid})` : ""}`);
      const metrics: CollectedMetric[] = [];
      const unavailable: UnavailableSource[] = [];
      for (const r of readings) {
        const push = (base: string, value: number | undefined, unit: string) => {
          if (value !== undefined && Number.isFinite(value))
            metrics.push({ name: name(base, r.index), value, unit });
        };
        push(SYSTEM_METRIC_NAMES.gpuUsage, r.utilizationGpuPercent, "%");
        push(SYSTEM_METRIC_NAMES.gpuMemoryUsage, memoryPercent(r), "%");
        push(SYSTEM_METRIC_NAMES.gpuPower, r.powerWatts, "W");
        push(SYSTEM_METRIC_NAMES.gpuTemperature, r.temperatureC, "°C");
        push(SYSTEM_METRIC_NAMES.gpuEnergy, energy.consumedSinceBaseline(r), "J");
        for (const [field, reason] of Object.entries(r.missing ?? {}) as [GpuReadingField, string][]) {
          for (const base of FIELD_METRICS[field]) {
            unavailable.push({ source: name(base, r.index), reason: `${active.name}: ${reason}` });
          }
        }
      }
      return unavailable.length > 0 ? { metrics, unavailable } : { metrics };
    },
    describe: () => ({ "prov4ml:system_gpu_backend": active.name, "prov4ml:system_gpus": devices }),
    async close() {
      if (ownsBackend) await active.close();
    },
  };
}

function memoryPercent(r: GpuDeviceReading): number | undefined {
  if (r.memoryUsedBytes === undefined || !r.memoryTotalBytes) return undefined;
  return (r.memoryUsedBytes / r.memoryTotalBytes) * 100;
}

/**
 * Turns cumulative energy counters into energy since the run opened. A counter that goes backwards
 * (driver reload, GPU reset) starts a new baseline; the lost interval is dropped, not guessed.
 */
class EnergyCounters {
  readonly #last = new Map<number, number>();
  readonly #consumed = new Map<number, number>();

  baseline(readings: readonly GpuDeviceReading[]): void {
    for (const r of readings) if (r.energyJoules !== undefined) this.#last.set(r.index, r.energyJoules);
  }

  /** Undefined when there is no counter, or this is the first reading of it (no interval yet). */
  consumedSinceBaseline(r: GpuDeviceReading): number | undefined {
    if (r.energyJoules === undefined) return undefined;
    const last = this.#last.get(r.index);
    this.#last.set(r.index, r.energyJoules);
    if (last === undefined) return undefined;
    const consumed = (this.#consumed.get(r.index) ?? 0) + Math.max(0, r.energyJoules - last);
    this.#consumed.set(r.index, consumed);
    return consumed;
  }
}
