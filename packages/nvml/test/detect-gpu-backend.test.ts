import { describe, expect, it } from "vitest";
import { detectGpuBackend, type GpuBackend, type GpuProbe } from "../src/index.ts";
import { writeTree } from "./sysfs-tree.ts";

function fakeBackend(name: string, probe: GpuProbe | Error, closed: string[]): GpuBackend {
  return {
    name,
    probe: async () => {
      if (probe instanceof Error) throw probe;
      return probe;
    },
    sample: async () => [],
    close: async () => {
      closed.push(name);
    },
  };
}

describe("detectGpuBackend", () => {
  it("returns the first backend that finds a GPU and the reasons of those before it", async () => {
    const closed: string[] = [];
    const detection = await detectGpuBackend({
      candidates: [
        fakeBackend(
          "nvml",
          { available: false, backend: "nvml", reason: "cannot load libnvidia-ml.so.1" },
          closed,
        ),
        fakeBackend("nvidia-smi", new Error("boom"), closed),
        fakeBackend(
          "amdgpu-sysfs",
          { available: true, backend: "amdgpu-sysfs", devices: [{ index: 0 }] },
          closed,
        ),
        fakeBackend("never-tried", { available: true, backend: "x", devices: [{ index: 0 }] }, closed),
      ],
    });
    expect(detection.backend?.name).toBe("amdgpu-sysfs");
    expect(detection.devices).toEqual([{ index: 0 }]);
    expect(detection.attempts).toEqual([
      { backend: "nvml", reason: "cannot load libnvidia-ml.so.1" },
      { backend: "nvidia-smi", reason: "boom" },
    ]);
    expect(closed).toEqual(["nvml", "nvidia-smi"]);
  });

  it("tries NVML, nvidia-smi and amdgpu in that order and says why each is absent", async () => {
    const sysfsRoot = writeTree({});
    const detection = await detectGpuBackend({
      nvml: { libraryPath: "/nonexistent/libnvidia-ml.so.1" },
      nvidiaSmi: { command: "/nonexistent/nvidia-smi" },
      amdgpu: { sysfsRoot },
    });
    expect(detection.backend).toBeUndefined();
    expect(detection.attempts.map((a) => a.backend)).toEqual(["nvml", "nvidia-smi", "amdgpu-sysfs"]);
    expect(detection.attempts[0]?.reason).toMatch(/^cannot load \/nonexistent\/libnvidia-ml\.so\.1/);
    expect(detection.attempts[1]?.reason).toBe("/nonexistent/nvidia-smi not found on PATH");
    expect(detection.attempts[2]?.reason).toBe(`cannot list ${sysfsRoot}/class/drm: not present`);
  });

  it("skips backends set to false", async () => {
    const detection = await detectGpuBackend({
      nvml: false,
      nvidiaSmi: false,
      amdgpu: { sysfsRoot: writeTree({}) },
    });
    expect(detection.attempts.map((a) => a.backend)).toEqual(["amdgpu-sysfs"]);
  });
});
