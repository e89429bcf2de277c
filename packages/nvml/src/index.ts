/**
 * @prov4ml/nvml — GPU readings without a compile step: NVIDIA NVML loaded at run time through
 * koffi, an `nvidia-smi` fallback and AMD amdgpu sysfs, all behind one {@link GpuBackend} interface.
 * Imports cleanly on machines without a GPU; absence is reported as a reason, never as zeros.
 *
 * @packageDocumentation
 */
export * from "./amdgpu-sysfs-backend.ts";
export * from "./detect-gpu-backend.ts";
export * from "./errors.ts";
export type * from "./gpu-backend.ts";
export * from "./load-nvml.ts";
export * from "./nvidia-smi-backend.ts";
export * from "./nvml.ts";
export * from "./nvml-backend.ts";
export type { NvmlDeviceHandle, NvmlFunctions } from "./nvml-functions.ts";
export * from "./parse-nvidia-smi.ts";
export * from "./return-codes.ts";
