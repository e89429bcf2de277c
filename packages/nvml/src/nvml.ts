import { NvmlCalls } from "./nvml-calls.ts";
import type { NvmlFunctions } from "./nvml-functions.ts";

/** GPU and memory-controller busy time over NVML's last sample period (1/6 s to 1 s), in % (0–100). */
export interface NvmlUtilization {
  readonly gpuPercent: number;
  readonly memoryPercent: number;
}

/** Device memory in bytes. */
export interface NvmlMemory {
  readonly totalBytes: number;
  readonly freeBytes: number;
  readonly usedBytes: number;
}

/** One GPU. Every reading throws a typed {@link NvmlError} when NVML refuses it. */
export interface NvmlDevice {
  readonly index: number;
  name(): string;
  /** `GPU-…` (or `MIG-…`) identifier, stable across reboots. */
  uuid(): string;
  utilization(): NvmlUtilization;
  memory(): NvmlMemory;
  /** Board power draw in W (NVML reports mW; a 1 s average on Ampere and newer). */
  powerUsageWatts(): number;
  /** Energy since the driver was last loaded, in J (NVML reports mJ; Volta and newer). */
  totalEnergyJoules(): number;
  /** GPU die temperature in °C. */
  temperatureC(): number;
}

/** A loaded, initialised NVML. Call `shutdown()` when done (NVML counts initialisations). */
export interface Nvml {
  readonly available: true;
  /** The library that was loaded. */
  readonly libraryPath: string;
  deviceCount(): number;
  device(index: number): NvmlDevice;
  /** Releases this initialisation; later calls throw {@link NvmlUninitializedError}. Idempotent. */
  shutdown(): void;
}

const NVML_TEMPERATURE_GPU = 0;

/** One device's readings over the checked calls (the handle is asked at once: a bad index fails here). */
function nvmlDevice(calls: NvmlCalls, index: number): NvmlDevice {
  calls.handleOf(index);
  return {
    index,
    name: () => calls.readString("deviceGetName", "nvmlDeviceGetName", index),
    uuid: () => calls.readString("deviceGetUUID", "nvmlDeviceGetUUID", index),
    utilization: () => {
      const fn = calls.require("deviceGetUtilizationRates", "nvmlDeviceGetUtilizationRates");
      const out: { gpu?: number; memory?: number } = {};
      calls.check(fn(calls.handleOf(index), out), "nvmlDeviceGetUtilizationRates");
      return { gpuPercent: Number(out.gpu), memoryPercent: Number(out.memory) };
    },
    memory: () => {
      const fn = calls.require("deviceGetMemoryInfo", "nvmlDeviceGetMemoryInfo");
      const out: { total?: number; free?: number; used?: number } = {};
      calls.check(fn(calls.handleOf(index), out), "nvmlDeviceGetMemoryInfo");
      return { totalBytes: Number(out.total), freeBytes: Number(out.free), usedBytes: Number(out.used) };
    },
    powerUsageWatts: () => calls.readNumber("deviceGetPowerUsage", "nvmlDeviceGetPowerUsage", index) / 1000,
    totalEnergyJoules: () =>
      calls.readNumber("deviceGetTotalEnergyConsumption", "nvmlDeviceGetTotalEnergyConsumption", index) /
      1000,
    temperatureC: () => {
      const fn = calls.require("deviceGetTemperature", "nvmlDeviceGetTemperature");
      const out: [number] = [0];
      calls.check(fn(calls.handleOf(index), NVML_TEMPERATURE_GPU, out), "nvmlDeviceGetTemperature");
      return out[0];
    },
  };
}

/** Wraps bound NVML functions (after a successful `nvmlInit_v2`) in the typed API. */
export function createNvml(functions: NvmlFunctions, libraryPath: string): Nvml {
  const calls = new NvmlCalls(functions);
  return {
    available: true,
    libraryPath,
    deviceCount: () => {
      calls.ensureOpen("nvmlDeviceGetCount_v2");
      const out: [number] = [0];
      calls.check(functions.deviceGetCount(out), "nvmlDeviceGetCount_v2");
      return out[0];
    },
    device: (index) => nvmlDevice(calls, index),
    shutdown: () => calls.shutdown(),
  };
}
