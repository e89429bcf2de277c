import { Prov4mlError } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import {
  NvmlDriverError,
  NvmlError,
  NvmlGpuLostError,
  NvmlNoPermissionError,
  NvmlNotSupportedError,
  NvmlUninitializedError,
  nvmlError,
  nvmlReturnName,
} from "../src/index.ts";

describe("nvmlError", () => {
  it.each([
    [3, NvmlNotSupportedError],
    [4, NvmlNoPermissionError],
    [15, NvmlGpuLostError],
    [9, NvmlDriverError],
    [12, NvmlDriverError],
    [1, NvmlUninitializedError],
  ])("maps return code %i to its own class", (code, errorClass) => {
    const error = nvmlError(code, "nvmlDeviceGetPowerUsage", "text");
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toBeInstanceOf(NvmlError);
    expect(error).toBeInstanceOf(Prov4mlError);
    expect(error.name).toBe(errorClass.name);
    expect(error.returnCode).toBe(code);
  });

  it("keeps other codes as NvmlError with NVML's name and says what to do", () => {
    const error = nvmlError(18, "nvmlInit_v2", "RM has detected an NVML/RM version mismatch.");
    expect(error.constructor).toBe(NvmlError);
    expect(error.nvmlName).toBe("NVML_ERROR_LIB_RM_VERSION_MISMATCH");
    expect(error.message).toBe(
      "nvmlInit_v2 failed with NVML_ERROR_LIB_RM_VERSION_MISMATCH (18: RM has detected an NVML/RM version mismatch.). The NVML library and the kernel driver differ; reboot or reload the driver.",
    );
  });

  it("names codes it does not know NVML_ERROR_UNKNOWN", () => {
    expect(nvmlReturnName(12345)).toBe("NVML_ERROR_UNKNOWN");
    expect(nvmlReturnName(999)).toBe("NVML_ERROR_UNKNOWN");
    expect(nvmlReturnName(29)).toBe("NVML_ERROR_INVALID_STATE");
  });
});
