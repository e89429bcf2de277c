import { existsSync } from "node:fs";
import type { GpuDeviceReading, GpuEnergySource, GpuProbe } from "./gpu-energy-source.ts";

/**
 * The part of `@prov4ml/nvml`'s `GpuBackend` this package uses, typed structurally so that the
 * two packages build independently: `probe()` says whether devices exist, `sample()` reads them.
 */
export interface GpuBackendLike {
  readonly name?: string;
  probe(): Promise<unknown>;
  sample(): Promise<ReadonlyArray<GpuBackendSampleLike>>;
  close?(): Promise<void> | void;
}

/** One device of a `GpuBackend` sample (fields this package reads). */
export interface GpuBackendSampleLike {
  readonly ordinal: number;
  readonly name?: string;
  readonly powerW?: number | undefined;
  readonly energyMJ?: number | undefined;
}

/** Wraps a `GpuBackend` (from `@prov4ml/nvml`'s `detectGpuBackend()`) as a `GpuEnergySource`. */
export function gpuEnergySourceFromBackend(backend: GpuBackendLike): GpuEnergySource {
  return {
    name: backend.name ?? "gpu-backend",
    async probe(): Promise<GpuProbe> {
      let probed: unknown;
      try {
        probed = await backend.probe();
      } catch (error) {
        return {
          ok: false,
          reason: `${backend.name ?? "GPU backend"} probe failed: ${(error as Error).message}`,
        };
      }
      const refusal = probeRefusal(probed);
      if (refusal !== undefined) return { ok: false, reason: refusal };
      const samples = await backend.sample();
      if (samples.length === 0)
        return { ok: false, reason: `${backend.name ?? "GPU backend"} sees no device` };
      return {
        ok: true,
        devices: samples.map((sample) => ({
          index: sample.ordinal,
          name: sample.name ?? `GPU ${sample.ordinal}`,
        })),
      };
    },
    async read(): Promise<GpuDeviceReading[]> {
      return (await backend.sample()).map((sample) => ({
        index: sample.ordinal,
        energyMJ: sample.energyMJ,
        powerW: sample.powerW,
      }));
    },
    async close(): Promise<void> {
      await backend.close?.();
    },
  };
}

/** A probe result meaning "no GPU": `false`, or an object with `ok`/`available` false and a reason. */
function probeRefusal(probed: unknown): string | undefined {
  if (probed === false) return "GPU backend probe found nothing";
  if (typeof probed !== "object" || probed === null) return undefined;
  const record = probed as Record<string, unknown>;
  if (record.ok === false || record.available === false) {
    return typeof record.reason === "string" ? record.reason : "GPU backend probe found nothing";
  }
  return undefined;
}

/**
 * The default GPU source: `@prov4ml/nvml`'s `detectGpuBackend()` when that optional package is
 * installed, else none — with a reason that says whether an NVIDIA driver is present.
 */
export async function detectDefaultGpuSource(): Promise<GpuEnergySource | { reason: string }> {
  // A variable specifier keeps bundlers and tsc from requiring the optional package.
  const specifier = "@prov4ml/nvml";
  let detect: (() => Promise<GpuBackendLike | undefined | null>) | undefined;
  try {
    const module = (await import(specifier)) as { detectGpuBackend?: unknown };
    if (typeof module.detectGpuBackend === "function") {
      detect = module.detectGpuBackend as () => Promise<GpuBackendLike | undefined | null>;
    }
  } catch {
    detect = undefined;
  }
  if (detect === undefined) {
    const driver = existsSync("/proc/driver/nvidia/gpus") || existsSync("/dev/nvidia0");
    return {
      reason: driver
        ? "an NVIDIA driver is present but @prov4ml/nvml is not installed; install it to measure GPU energy"
        : "no NVIDIA driver (/proc/driver/nvidia/gpus absent) and @prov4ml/nvml not installed",
    };
  }
  try {
    const backend = await detect();
    if (backend === undefined || backend === null) return { reason: "@prov4ml/nvml found no GPU backend" };
    return gpuEnergySourceFromBackend(backend);
  } catch (error) {
    return { reason: `@prov4ml/nvml failed to start: ${(error as Error).message}` };
  }
}
