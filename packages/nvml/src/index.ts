/**
 * @prov4ml/nvml — GPU readings without a compile step: NVIDIA NVML loaded at run time through
 * koffi, an `nvidia-smi` fallback and AMD amdgpu sysfs, all behind one {@link GpuBackend} interface.
 * Imports cleanly on machines without a GPU; absence is reported as a reason, never as zeros.
 *
 * @packageDocumentation
 */
export { type AmdgpuSysfsBackendOptions, amdgpuSysfsBackend } from "./amdgpu-sysfs-backend.ts";
export {
  type DetectGpuBackendOptions,
  detectGpuBackend,
  type GpuBackendAttempt,
  type GpuDetection,
} from "./detect-gpu-backend.ts";
export {
  NvmlDriverError,
  NvmlError,
  NvmlGpuLostError,
  NvmlNoPermissionError,
  NvmlNotSupportedError,
  NvmlUninitializedError,
  nvmlError,
} from "./errors.ts";
export type {
  GpuBackend,
  GpuDeviceInfo,
  GpuDeviceReading,
  GpuProbe,
  GpuReadingField,
} from "./gpu-backend.ts";
export {
  defaultNvmlLibrary,
  type LoadNvmlOptions,
  loadNvml,
  NVML_LIBRARY_ENV,
  type NvmlUnavailable,
} from "./load-nvml.ts";
export {
  execFileText,
  type NvidiaSmiBackendOptions,
  nvidiaSmiBackend,
  type RunFile,
} from "./nvidia-smi-backend.ts";
export { createNvml, type Nvml, type NvmlDevice, type NvmlMemory, type NvmlUtilization } from "./nvml.ts";
export { type NvmlBackendOptions, nvmlBackend } from "./nvml-backend.ts";
export type { NvmlDeviceHandle, NvmlFunctions } from "./nvml-functions.ts";
export { NVIDIA_SMI_QUERY_FIELDS, parseNvidiaSmiCsv } from "./parse-nvidia-smi.ts";
export { NVML_RETURN_NAMES, type NvmlReturnName, nvmlReturnName } from "./return-codes.ts";
