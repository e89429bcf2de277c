import { type AmdgpuSysfsBackendOptions, amdgpuSysfsBackend } from "./amdgpu-sysfs-backend.ts";
import type { GpuBackend, GpuDeviceInfo } from "./gpu-backend.ts";
import { type NvidiaSmiBackendOptions, nvidiaSmiBackend } from "./nvidia-smi-backend.ts";
import { type NvmlBackendOptions, nvmlBackend } from "./nvml-backend.ts";

export interface DetectGpuBackendOptions {
  readonly nvml?: NvmlBackendOptions | false;
  readonly nvidiaSmi?: NvidiaSmiBackendOptions | false;
  readonly amdgpu?: AmdgpuSysfsBackendOptions | false;
  /** Backends to try instead of the default NVML → nvidia-smi → amdgpu order. */
  readonly candidates?: readonly GpuBackend[];
}

/** A backend that was tried and could not be used, with why. */
export interface GpuBackendAttempt {
  readonly backend: string;
  readonly reason: string;
}

/** The first usable backend (already probed) and what was tried before it; `backend` undefined = no GPU. */
export interface GpuDetection {
  readonly backend: GpuBackend | undefined;
  readonly devices: readonly GpuDeviceInfo[];
  readonly attempts: readonly GpuBackendAttempt[];
}

/**
 * Picks the first backend whose probe finds a GPU: NVML (koffi) → nvidia-smi → amdgpu sysfs.
 * Pass `false` for one to skip it. With no GPU, `backend` is undefined and `attempts` says why.
 */
export async function detectGpuBackend(options: DetectGpuBackendOptions = {}): Promise<GpuDetection> {
  const candidates = options.candidates ?? defaultCandidates(options);
  const attempts: GpuBackendAttempt[] = [];
  for (const backend of candidates) {
    let reason: string;
    try {
      const probe = await backend.probe();
      if (probe.available) return { backend, devices: probe.devices, attempts };
      reason = probe.reason;
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    attempts.push({ backend: backend.name, reason });
    await backend.close().catch(() => undefined);
  }
  return { backend: undefined, devices: [], attempts };
}

function defaultCandidates(options: DetectGpuBackendOptions): GpuBackend[] {
  const candidates: GpuBackend[] = [];
  if (options.nvml !== false) candidates.push(nvmlBackend(options.nvml));
  if (options.nvidiaSmi !== false) candidates.push(nvidiaSmiBackend(options.nvidiaSmi));
  if (options.amdgpu !== false) candidates.push(amdgpuSysfsBackend(options.amdgpu));
  return candidates;
}
