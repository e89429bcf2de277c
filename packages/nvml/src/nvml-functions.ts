import type * as Koffi from "koffi";

/** A device handle as koffi returns it (an opaque pointer value). */
export type NvmlDeviceHandle = unknown;

/** The NVML C functions prov4ml calls, bound through koffi. Each returns an `nvmlReturn_t`. */
export interface NvmlFunctions {
  init(): number;
  shutdown(): number;
  errorString(code: number): string;
  deviceGetCount(out: [number]): number;
  deviceGetHandleByIndex(index: number, out: [NvmlDeviceHandle]): number;
  /** Optional functions are undefined when the installed library lacks the symbol. */
  deviceGetName?: (device: NvmlDeviceHandle, buffer: Buffer, length: number) => number;
  deviceGetUUID?: (device: NvmlDeviceHandle, buffer: Buffer, length: number) => number;
  deviceGetUtilizationRates?: (device: NvmlDeviceHandle, out: { gpu?: number; memory?: number }) => number;
  deviceGetMemoryInfo?: (
    device: NvmlDeviceHandle,
    out: { total?: number; free?: number; used?: number },
  ) => number;
  deviceGetPowerUsage?: (device: NvmlDeviceHandle, out: [number]) => number;
  deviceGetTotalEnergyConsumption?: (device: NvmlDeviceHandle, out: [number]) => number;
  deviceGetTemperature?: (device: NvmlDeviceHandle, sensor: number, out: [number]) => number;
}

type ArgumentType = string | Koffi.TypeObject | ReturnType<typeof Koffi.out>;

/** Binds the NVML symbols of an already loaded library; missing optional symbols stay undefined. */
export function bindNvmlFunctions(koffi: typeof Koffi, lib: Koffi.LibraryHandle): NvmlFunctions {
  const Device = koffi.pointer(koffi.opaque());
  const Utilization = koffi.struct({ gpu: "uint32", memory: "uint32" });
  // nvmlMemory_t (v1): bytes as unsigned long long.
  const Memory = koffi.struct({ total: "uint64", free: "uint64", used: "uint64" });
  const outUint = koffi.out(koffi.pointer("uint32"));
  const outUint64 = koffi.out(koffi.pointer("uint64"));
  const outChars = koffi.out(koffi.pointer("char"));

  const optional = (name: string, result: string, args: ArgumentType[]) => {
    try {
      return lib.func(name, result, args);
    } catch {
      return undefined;
    }
  };
  return {
    init: lib.func("nvmlInit_v2", "int", []),
    shutdown: lib.func("nvmlShutdown", "int", []),
    errorString: lib.func("nvmlErrorString", "const char *", ["int"]),
    deviceGetCount: lib.func("nvmlDeviceGetCount_v2", "int", [outUint]),
    deviceGetHandleByIndex: lib.func("nvmlDeviceGetHandleByIndex_v2", "int", [
      "uint32",
      koffi.out(koffi.pointer(Device)),
    ]),
    deviceGetName: optional("nvmlDeviceGetName", "int", [Device, outChars, "uint32"]),
    deviceGetUUID: optional("nvmlDeviceGetUUID", "int", [Device, outChars, "uint32"]),
    deviceGetUtilizationRates: optional("nvmlDeviceGetUtilizationRates", "int", [
      Device,
      koffi.out(koffi.pointer(Utilization)),
    ]),
    deviceGetMemoryInfo: optional("nvmlDeviceGetMemoryInfo", "int", [
      Device,
      koffi.out(koffi.pointer(Memory)),
    ]),
    deviceGetPowerUsage: optional("nvmlDeviceGetPowerUsage", "int", [Device, outUint]),
    deviceGetTotalEnergyConsumption: optional("nvmlDeviceGetTotalEnergyConsumption", "int", [
      Device,
      outUint64,
    ]),
    deviceGetTemperature: optional("nvmlDeviceGetTemperature", "int", [Device, "int", outUint]),
  };
}
