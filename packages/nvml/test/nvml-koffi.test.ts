/**
 * The koffi binding against a compiled C stand-in for NVML (same signatures, fixed readings and
 * switchable failures). Proves the FFI types: 64-bit out-params, structs, strings and return codes.
 */
import koffi from "koffi";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  loadNvml,
  NVML_LIBRARY_ENV,
  type Nvml,
  NvmlError,
  NvmlGpuLostError,
  NvmlNoPermissionError,
  NvmlNotSupportedError,
  NvmlUninitializedError,
  nvmlBackend,
} from "../src/index.ts";
import { cCompiler, compileFakeNvml } from "./compile-fake-nvml.ts";

const compiler = cCompiler();

describe.skipIf(compiler === undefined)("NVML through koffi (fake libnvidia-ml, needs a C compiler)", () => {
  let libraryPath: string;
  let setMode: (mode: number) => void;
  let initCount: () => number;
  const opened: Nvml[] = [];

  beforeAll(() => {
    libraryPath = compileFakeNvml(compiler!);
    // dlopen returns the same handle for the same path, so these controls reach the binding's copy.
    const control = koffi.load(libraryPath);
    setMode = control.func("fakeNvmlSetMode", "void", ["int"]);
    initCount = control.func("fakeNvmlInitCount", "int", []);
  });

  afterEach(() => {
    for (const nvml of opened.splice(0)) nvml.shutdown();
    setMode(0);
  });

  async function open(): Promise<Nvml> {
    const nvml = await loadNvml({ libraryPath });
    if (!nvml.available) throw new Error(nvml.reason);
    opened.push(nvml);
    return nvml;
  }

  it("reads names, UUIDs, utilisation, 64-bit memory, power, energy and temperature", async () => {
    const nvml = await open();
    expect(nvml.libraryPath).toBe(libraryPath);
    expect(nvml.deviceCount()).toBe(2);
    const gpu1 = nvml.device(1);
    expect(gpu1.name()).toBe("Fake GPU H100");
    expect(gpu1.uuid()).toBe("GPU-11111111-fake-1111-1111-111111111111");
    expect(gpu1.utilization()).toEqual({ gpuPercent: 38, memoryPercent: 12 });
    expect(gpu1.memory()).toEqual({
      totalBytes: 34359738368,
      usedBytes: 4296015872,
      freeBytes: 34359738368 - 4296015872,
    });
    expect(gpu1.powerUsageWatts()).toBeCloseTo(124.456, 6);
    expect(gpu1.temperatureC()).toBe(56);
    const first = gpu1.totalEnergyJoules();
    expect(first).toBeGreaterThan(9876543210);
    expect(gpu1.totalEnergyJoules() - first).toBeCloseTo(1, 6); // the stub adds 1000 mJ per call
  });

  it("takes the library path from PROV4ML_NVML_LIBRARY", async () => {
    const nvml = await loadNvml({ env: { [NVML_LIBRARY_ENV]: libraryPath } });
    expect(nvml.available).toBe(true);
    if (nvml.available) {
      opened.push(nvml);
      expect(nvml.libraryPath).toBe(libraryPath);
    }
  });

  it("maps NOT_SUPPORTED, NO_PERMISSION and GPU_IS_LOST to their own error classes", async () => {
    const nvml = await open();
    setMode(2);
    const notSupported = catchError(() => nvml.device(1).powerUsageWatts());
    expect(notSupported).toBeInstanceOf(NvmlNotSupportedError);
    expect(notSupported).toMatchObject({ returnCode: 3, nvmlName: "NVML_ERROR_NOT_SUPPORTED" });
    expect((notSupported as NvmlError).functionName).toBe("nvmlDeviceGetPowerUsage");
    expect(nvml.device(0).powerUsageWatts()).toBeCloseTo(123.456, 6);

    setMode(3);
    expect(catchError(() => nvml.device(0).temperatureC())).toBeInstanceOf(NvmlNoPermissionError);

    setMode(4);
    const lost = catchError(() => nvml.device(0).utilization());
    expect(lost).toBeInstanceOf(NvmlGpuLostError);
    expect((lost as Error).message).toContain("GPU is lost"); // nvmlErrorString's text
    expect(nvml.device(1).utilization().gpuPercent).toBe(38);
  });

  it("rejects a device index past the count with INVALID_ARGUMENT", async () => {
    const nvml = await open();
    const error = catchError(() => nvml.device(7));
    expect(error).toBeInstanceOf(NvmlError);
    expect(error).toMatchObject({ nvmlName: "NVML_ERROR_INVALID_ARGUMENT", code: "NVML" });
  });

  it("reports a failing nvmlInit_v2 as unavailable, with the NVML reason", async () => {
    setMode(1);
    const result = await loadNvml({ libraryPath });
    expect(result.available).toBe(false);
    if (!result.available) {
      expect(result.reason).toContain("NVML_ERROR_DRIVER_NOT_LOADED");
      expect(result.libraryPath).toBe(libraryPath);
    }
  });

  it("shutdown releases the initialisation once and later calls throw NvmlUninitializedError", async () => {
    const before = initCount();
    const nvml = await loadNvml({ libraryPath });
    if (!nvml.available) throw new Error(nvml.reason);
    expect(initCount()).toBe(before + 1);
    const device = nvml.device(0);
    nvml.shutdown();
    nvml.shutdown();
    expect(initCount()).toBe(before);
    expect(catchError(() => device.utilization())).toBeInstanceOf(NvmlUninitializedError);
    expect(catchError(() => nvml.deviceCount())).toBeInstanceOf(NvmlUninitializedError);
  });

  it("nvmlBackend leaves out unsupported readings with the reason instead of logging 0", async () => {
    setMode(2);
    const backend = nvmlBackend({ libraryPath });
    const probe = await backend.probe();
    expect(probe).toMatchObject({ available: true, backend: "nvml" });
    const [gpu0, gpu1] = await backend.sample();
    expect(gpu0).toMatchObject({ index: 0, name: "Fake GPU A100", powerWatts: 123.456, temperatureC: 55 });
    expect(gpu0?.missing).toBeUndefined();
    expect(gpu1?.powerWatts).toBeUndefined();
    expect(gpu1?.energyJoules).toBeUndefined();
    expect(gpu1?.missing).toEqual({
      power: "nvmlDeviceGetPowerUsage: NVML_ERROR_NOT_SUPPORTED",
      energy: "nvmlDeviceGetTotalEnergyConsumption: NVML_ERROR_NOT_SUPPORTED",
    });
    expect(gpu1?.utilizationGpuPercent).toBe(38);
    const before = initCount();
    await backend.close();
    expect(initCount()).toBe(before - 1);
  });
});

describe("NVML absent", () => {
  it("returns a reason, not an exception, when the library cannot be loaded", async () => {
    const result = await loadNvml({ libraryPath: "/nonexistent/libnvidia-ml.so.1" });
    expect(result.available).toBe(false);
    if (!result.available) expect(result.reason).toMatch(/^cannot load \/nonexistent\/libnvidia-ml\.so\.1: /);
  });

  it("does not try to load anything on macOS, where NVIDIA ships no NVML", async () => {
    const result = await loadNvml({ platform: "darwin", env: {} });
    expect(result).toMatchObject({ available: false, reason: "NVML is not available on darwin" });
  });

  it("nvmlBackend probes as unavailable and samples nothing", async () => {
    const backend = nvmlBackend({ libraryPath: "/nonexistent/libnvidia-ml.so.1" });
    const probe = await backend.probe();
    expect(probe.available).toBe(false);
    expect(await backend.sample()).toEqual([]);
    await backend.close();
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}
