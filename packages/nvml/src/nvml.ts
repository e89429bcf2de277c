import { NvmlUninitializedError, nvmlError } from "./errors.ts";
import type { NvmlDeviceHandle, NvmlFunctions } from "./nvml-functions.ts";

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

const NAME_BUFFER_BYTES = 96; // NVML_DEVICE_NAME_V2_BUFFER_SIZE and NVML_DEVICE_UUID_V2_BUFFER_SIZE
const NVML_TEMPERATURE_GPU = 0;

/** Wraps bound NVML functions (after a successful `nvmlInit_v2`) in the typed API. */
export function createNvml(functions: NvmlFunctions, libraryPath: string): Nvml {
  let open = true;
  const handles = new Map<number, NvmlDeviceHandle>();

  const check = (code: number, functionName: string): void => {
    if (code !== 0) throw nvmlError(code, functionName, describe(code));
  };
  const describe = (code: number): string => {
    try {
      return functions.errorString(code);
    } catch {
      return "no description";
    }
  };
  const ensureOpen = (functionName: string): void => {
    if (!open) {
      throw new NvmlUninitializedError(
        1,
        functionName,
        "shut down",
        "Call loadNvml() again: this handle was shut down.",
      );
    }
  };
  const require = <K extends keyof NvmlFunctions>(
    key: K,
    functionName: string,
  ): NonNullable<NvmlFunctions[K]> => {
    ensureOpen(functionName);
    const fn = functions[key];
    if (fn === undefined) throw nvmlError(13, functionName, "symbol missing from the loaded library");
    return fn as NonNullable<NvmlFunctions[K]>;
  };

  const handleOf = (index: number): NvmlDeviceHandle => {
    const cached = handles.get(index);
    if (cached !== undefined) return cached;
    ensureOpen("nvmlDeviceGetHandleByIndex_v2");
    const out: [NvmlDeviceHandle] = [null];
    check(functions.deviceGetHandleByIndex(index, out), "nvmlDeviceGetHandleByIndex_v2");
    handles.set(index, out[0]);
    return out[0];
  };

  const readString = (
    key: "deviceGetName" | "deviceGetUUID",
    functionName: string,
    index: number,
  ): string => {
    const fn = require(key, functionName);
    const buffer = Buffer.alloc(NAME_BUFFER_BYTES);
    check(fn(handleOf(index), buffer, NAME_BUFFER_BYTES), functionName);
    const end = buffer.indexOf(0);
    return buffer.toString("utf8", 0, end < 0 ? buffer.length : end);
  };

  const readNumber = (
    key: "deviceGetPowerUsage" | "deviceGetTotalEnergyConsumption",
    functionName: string,
    index: number,
  ): number => {
    const fn = require(key, functionName);
    const out: [number] = [0];
    check(fn(handleOf(index), out), functionName);
    return Number(out[0]);
  };

  const device = (index: number): NvmlDevice => {
    handleOf(index); // fail early on a bad index
    return {
      index,
      name: () => readString("deviceGetName", "nvmlDeviceGetName", index),
      uuid: () => readString("deviceGetUUID", "nvmlDeviceGetUUID", index),
      utilization: () => {
        const fn = require("deviceGetUtilizationRates", "nvmlDeviceGetUtilizationRates");
        const out: { gpu?: number; memory?: number } = {};
        check(fn(handleOf(index), out), "nvmlDeviceGetUtilizationRates");
        return { gpuPercent: Number(out.gpu), memoryPercent: Number(out.memory) };
      },
      memory: () => {
        const fn = require("deviceGetMemoryInfo", "nvmlDeviceGetMemoryInfo");
        const out: { total?: number; free?: number; used?: number } = {};
        check(fn(handleOf(index), out), "nvmlDeviceGetMemoryInfo");
        return { totalBytes: Number(out.total), freeBytes: Number(out.free), usedBytes: Number(out.used) };
      },
      powerUsageWatts: () => readNumber("deviceGetPowerUsage", "nvmlDeviceGetPowerUsage", index) / 1000,
      totalEnergyJoules: () =>
        readNumber("deviceGetTotalEnergyConsumption", "nvmlDeviceGetTotalEnergyConsumption", index) / 1000,
      temperatureC: () => {
        const fn = require("deviceGetTemperature", "nvmlDeviceGetTemperature");
        const out: [number] = [0];
        check(fn(handleOf(index), NVML_TEMPERATURE_GPU, out), "nvmlDeviceGetTemperature");
        return out[0];
      },
    };
  };

  return {
    available: true,
    libraryPath,
    deviceCount: () => {
      ensureOpen("nvmlDeviceGetCount_v2");
      const out: [number] = [0];
      check(functions.deviceGetCount(out), "nvmlDeviceGetCount_v2");
      return out[0];
    },
    device,
    shutdown: () => {
      if (!open) return;
      open = false;
      handles.clear();
      check(functions.shutdown(), "nvmlShutdown");
    },
  };
}
