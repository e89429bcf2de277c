import { existsSync } from "node:fs";
import type { GpuDeviceReading, GpuEnergySource, GpuProbe } from "./gpu-energy-source.ts";

/**
 * The part of `@prov4ml/nvml`'s `GpuBackend` this package uses, typed structurally so that this
 * package neither builds against nor installs it (it brings koffi, a native module): `probe()`
 * says whether devices exist, `sample()` reads them.
 */
export interface GpuBackendLike {
  readonly name: string;
  probe(): Promise<
    | {
        readonly available: true;
        readonly devices: ReadonlyArray<{ readonly index: number; readonly name?: string }>;
      }
    | { readonly available: false; readonly reason: string }
  >;
  sample(): Promise<ReadonlyArray<GpuBackendReadingLike>>;
  close(): Promise<void>;
}

/** One device of a `GpuBackend` sample (the fields this package reads). */
export interface GpuBackendReadingLike {
  readonly index: number;
  /** Board power, W. */
  readonly powerWatts?: number;
  /** Cumulative energy counter, J. */
  readonly energyJoules?: number;
}

/** Wraps a `GpuBackend` from `@prov4ml/nvml` (NVML, nvidia-smi, amdgpu sysfs) as a `GpuEnergySource`. */
export function gpuEnergySourceFromBackend(backend: GpuBackendLike): GpuEnergySource {
  return {
    name: backend.name,
    async probe(): Promise<GpuProbe> {
      try {
        const probe = await backend.probe();
        if (!probe.available) return { ok: false, reason: probe.reason };
        if (probe.devices.length === 0) return { ok: false, reason: "no device" };
        return {
          ok: true,
          devices: probe.devices.map((device) => ({
            index: device.index,
            name: device.name ?? `GPU ${device.index}`,
          })),
        };
      } catch (error) {
        return { ok: false, reason: `probe failed: ${(error as Error).message}` };
      }
    },
    async read(): Promise<GpuDeviceReading[]> {
      return (await backend.sample()).map((reading) => ({
        index: reading.index,
        energyMJ: reading.energyJoules === undefined ? undefined : reading.energyJoules * 1000,
        powerW: reading.powerWatts,
      }));
    },
    close: () => backend.close(),
  };
}

interface NvmlModuleLike {
  detectGpuBackend(): Promise<{
    readonly backend: GpuBackendLike | undefined;
    readonly attempts: ReadonlyArray<{ readonly backend: string; readonly reason: string }>;
  }>;
}

/**
 * The default GPU source: `@prov4ml/nvml`'s `detectGpuBackend()` (NVML → nvidia-smi → amdgpu)
 * when that optional peer is installed; else none, with a reason saying whether a driver exists.
 */
export async function detectDefaultGpuSource(
  load: () => Promise<unknown> = importOptional,
): Promise<GpuEnergySource | { reason: string }> {
  let nvml: NvmlModuleLike | undefined;
  try {
    const module = (await load()) as Partial<NvmlModuleLike>;
    if (typeof module.detectGpuBackend === "function") nvml = module as NvmlModuleLike;
  } catch {
    nvml = undefined;
  }
  if (nvml === undefined) {
    const driver = existsSync("/proc/driver/nvidia/gpus") || existsSync("/dev/nvidia0");
    return {
      reason: driver
        ? "an NVIDIA driver is present but @prov4ml/nvml is not installed; install it to measure GPU energy"
        : "no NVIDIA driver (/proc/driver/nvidia/gpus absent) and @prov4ml/nvml not installed",
    };
  }
  try {
    const detection = await nvml.detectGpuBackend();
    if (detection.backend === undefined) {
      const tried = detection.attempts.map((attempt) => `${attempt.backend}: ${attempt.reason}`).join("; ");
      return { reason: tried === "" ? "no GPU backend" : tried };
    }
    return gpuEnergySourceFromBackend(detection.backend);
  } catch (error) {
    return { reason: `@prov4ml/nvml failed: ${(error as Error).message}` };
  }
}

function importOptional(): Promise<unknown> {
  // A variable specifier keeps bundlers and tsc from requiring the optional peer.
  const specifier = "@prov4ml/nvml";
  return import(specifier);
}
