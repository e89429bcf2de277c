import { Prov4mlError } from "@prov4ml/core";
import { type NvmlReturnName, nvmlReturnName } from "./return-codes.ts";

/**
 * An NVML call returned an error. `returnCode` is NVML's number, `nvmlName` its symbolic name and
 * `functionName` the C function that failed. Subclasses mark the cases callers handle differently.
 */
export class NvmlError extends Prov4mlError {
  readonly returnCode: number;
  readonly nvmlName: NvmlReturnName;
  readonly functionName: string;
  constructor(returnCode: number, functionName: string, description: string, advice: string) {
    const nvmlName = nvmlReturnName(returnCode);
    super("NVML", `${functionName} failed with ${nvmlName} (${returnCode}: ${description}). ${advice}`);
    this.returnCode = returnCode;
    this.nvmlName = nvmlName;
    this.functionName = functionName;
  }
}

/** This GPU or driver does not offer the reading (e.g. energy before Volta): treat the field as absent. */
export class NvmlNotSupportedError extends NvmlError {}

/** The reading needs more privileges than this process has. */
export class NvmlNoPermissionError extends NvmlError {}

/** The GPU fell off the bus or stopped answering; it needs a reset. */
export class NvmlGpuLostError extends NvmlError {}

/** No usable NVIDIA driver: `DRIVER_NOT_LOADED` or `LIBRARY_NOT_FOUND`. */
export class NvmlDriverError extends NvmlError {}

/** NVML was shut down, or never initialised, before the call. */
export class NvmlUninitializedError extends NvmlError {}

const ADVICE: Partial<Record<NvmlReturnName, string>> = {
  NVML_ERROR_NOT_SUPPORTED: "This GPU or driver does not provide the reading; treat it as absent.",
  NVML_ERROR_NO_PERMISSION: "Run with the permissions the reading needs, or leave the reading out.",
  NVML_ERROR_GPU_IS_LOST: "The GPU stopped answering; check `nvidia-smi` and the kernel log, and reset it.",
  NVML_ERROR_DRIVER_NOT_LOADED: "Load the NVIDIA kernel driver (check `nvidia-smi`).",
  NVML_ERROR_LIBRARY_NOT_FOUND:
    "Install the NVIDIA driver, or set PROV4ML_NVML_LIBRARY to libnvidia-ml.so.1.",
  NVML_ERROR_UNINITIALIZED: "Call loadNvml() again: this handle was shut down.",
  NVML_ERROR_LIB_RM_VERSION_MISMATCH:
    "The NVML library and the kernel driver differ; reboot or reload the driver.",
};

/** Builds the typed error for an NVML return code. */
export function nvmlError(returnCode: number, functionName: string, description: string): NvmlError {
  const name = nvmlReturnName(returnCode);
  const advice = ADVICE[name] ?? "See the NVML documentation for this return code.";
  switch (name) {
    case "NVML_ERROR_NOT_SUPPORTED":
      return new NvmlNotSupportedError(returnCode, functionName, description, advice);
    case "NVML_ERROR_NO_PERMISSION":
      return new NvmlNoPermissionError(returnCode, functionName, description, advice);
    case "NVML_ERROR_GPU_IS_LOST":
      return new NvmlGpuLostError(returnCode, functionName, description, advice);
    case "NVML_ERROR_DRIVER_NOT_LOADED":
    case "NVML_ERROR_LIBRARY_NOT_FOUND":
      return new NvmlDriverError(returnCode, functionName, description, advice);
    case "NVML_ERROR_UNINITIALIZED":
      return new NvmlUninitializedError(returnCode, functionName, description, advice);
    default:
      return new NvmlError(returnCode, functionName, description, advice);
  }
}
