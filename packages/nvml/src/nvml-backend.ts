import { NvmlError } from "./errors.ts";
import type {
  GpuBackend,
  GpuDeviceInfo,
  GpuDeviceReading,
  GpuProbe,
  GpuReadingField,
} from "./gpu-backend.ts";
import { type LoadNvmlOptions, loadNvml } from "./load-nvml.ts";
import type { Nvml, NvmlDevice } from "./nvml.ts";

export interface NvmlBackendOptions extends LoadNvmlOptions {
  /** Replaces {@link loadNvml} (tests). */
  readonly load?: (options: LoadNvmlOptions) => Promise<Nvml | { available: false; reason: string }>;
}

/** A {@link GpuBackend} over NVML loaded through koffi: no process spawned per sample. */
export function nvmlBackend(options: NvmlBackendOptions = {}): GpuBackend {
  const load = options.load ?? loadNvml;
  let nvml: Nvml | undefined;
  let devices: { info: GpuDeviceInfo; device: NvmlDevice }[] = [];
  let probing: Promise<GpuProbe> | undefined;

  const open = async (): Promise<GpuProbe> => {
    const loaded = await load(options);
    if (!loaded.available) return { available: false, backend: "nvml", reason: loaded.reason };
    try {
      const count = loaded.deviceCount();
      devices = [];
      for (let index = 0; index < count; index++) {
        const device = loaded.device(index);
        devices.push({
          device,
          info: { index, uuid: optionalRead(() => device.uuid()), name: optionalRead(() => device.name()) },
        });
      }
    } catch (error) {
      loaded.shutdown();
      return { available: false, backend: "nvml", reason: reasonOf(error) };
    }
    if (devices.length === 0) {
      loaded.shutdown();
      return { available: false, backend: "nvml", reason: "NVML loaded but reports no GPU" };
    }
    nvml = loaded;
    return { available: true, backend: "nvml", devices: devices.map((d) => d.info) };
  };
  // Concurrent callers share one load.
  const probe = (): Promise<GpuProbe> => {
    if (!probing) probing = open();
    return probing;
  };

  return {
    name: "nvml",
    probe,
    async sample() {
      const result = await probe();
      if (!result.available) return [];
      return devices.map(({ info, device }) => readDevice(info, device));
    },
    async close() {
      nvml?.shutdown();
      nvml = undefined;
      devices = [];
      probing = undefined;
    },
  };
}

function readDevice(info: GpuDeviceInfo, device: NvmlDevice): GpuDeviceReading {
  const missing: Partial<Record<GpuReadingField, string>> = {};
  const read = <T>(field: GpuReadingField, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      missing[field] = reasonOf(error);
      return undefined;
    }
  };
  const utilization = read("utilization", () => device.utilization());
  const memory = read("memory", () => device.memory());
  const reading: GpuDeviceReading = {
    ...info,
    utilizationGpuPercent: utilization?.gpuPercent,
    utilizationMemoryPercent: utilization?.memoryPercent,
    memoryUsedBytes: memory?.usedBytes,
    memoryTotalBytes: memory?.totalBytes,
    powerWatts: read("power", () => device.powerUsageWatts()),
    energyJoules: read("energy", () => device.totalEnergyJoules()),
    temperatureC: read("temperature", () => device.temperatureC()),
  };
  return Object.keys(missing).length > 0 ? { ...reading, missing } : reading;
}

function optionalRead(fn: () => string): string | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof NvmlError) return `${error.functionName}: ${error.nvmlName}`;
  return error instanceof Error ? error.message : String(error);
}
