import type { GpuBackend, GpuDeviceReading, GpuProbe } from "@prov4ml/nvml";
import { makeRunInfo } from "@prov4ml/testing";
import { describe, expect, it } from "vitest";
import { cCompiler, compileFakeNvml } from "../../nvml/test/compile-fake-nvml.ts";
import { openSystemSession, type SystemCollectorOptions, systemCollector } from "../src/index.ts";
import { writeTree } from "./tree.ts";

const GPU_ONLY = { memory: false, disk: false, cpu: false, cpuTemperature: false, gpu: true };

/** A scripted backend: each sample() returns the next list of readings (the first one is the baseline). */
function scriptedBackend(samples: (readonly GpuDeviceReading[] | Error)[], probe?: GpuProbe) {
  const state = { closed: false, calls: 0 };
  const backend: GpuBackend = {
    name: "fake",
    probe: async () => probe ?? { available: true, backend: "fake", devices: [{ index: 0 }, { index: 1 }] },
    sample: async () => {
      const next = samples[Math.min(state.calls++, samples.length - 1)]!;
      if (next instanceof Error) throw next;
      return next;
    },
    close: async () => {
      state.closed = true;
    },
  };
  return { backend, state };
}

const gpu = (index: number, energyJoules: number | undefined, extra: Partial<GpuDeviceReading> = {}) => ({
  index,
  name: `GPU ${index}`,
  utilizationGpuPercent: 50 + index,
  memoryUsedBytes: 1024,
  memoryTotalBytes: 4096,
  powerWatts: 200 + index,
  temperatureC: 60 + index,
  energyJoules,
  ...extra,
});

const open = (options: SystemCollectorOptions) => openSystemSession({ sources: GPU_ONLY, ...options });

describe("GPU metrics", () => {
  it("logs one series per GPU: GPU 0 under yProv4ML's names, the others suffixed with their index", async () => {
    const { backend } = scriptedBackend([
      [gpu(0, 1000), gpu(1, 5000)],
      [gpu(0, 1150), gpu(1, 5300)],
    ]);
    const session = await open({ gpuBackend: backend });
    expect(await session.sample()).toEqual({
      metrics: [
        { name: "gpu_usage", value: 50, unit: "%" },
        { name: "gpu_memory_usage", value: 25, unit: "%" },
        { name: "gpu_power", value: 200, unit: "W" },
        { name: "gpu_temperature", value: 60, unit: "°C" },
        { name: "gpu_energy", value: 150, unit: "J" },
        { name: "gpu_usage_1", value: 51, unit: "%" },
        { name: "gpu_memory_usage_1", value: 25, unit: "%" },
        { name: "gpu_power_1", value: 201, unit: "W" },
        { name: "gpu_temperature_1", value: 61, unit: "°C" },
        { name: "gpu_energy_1", value: 300, unit: "J" },
      ],
    });
  });

  it("names every GPU by index with gpuNaming: 'indexed'", async () => {
    const { backend } = scriptedBackend([[gpu(0, undefined)]]);
    const session = await open({ gpuBackend: backend, gpuNaming: "indexed" });
    const names = (await session.sample()).metrics.map((m) => m.name);
    expect(names).toEqual(["gpu_usage_0", "gpu_memory_usage_0", "gpu_power_0", "gpu_temperature_0"]);
  });

  it("accumulates energy since the run opened and drops an interval where the counter went back", async () => {
    const { backend } = scriptedBackend([
      [gpu(0, 100)], // baseline when the run opens
      [gpu(0, 160)],
      [gpu(0, 10)], // driver reloaded: counter restarted
      [gpu(0, 40)],
    ]);
    const session = await open({ gpuBackend: backend });
    const energy = async () => (await session.sample()).metrics.find((m) => m.name === "gpu_energy")?.value;
    expect(await energy()).toBe(60);
    expect(await energy()).toBe(60);
    expect(await energy()).toBe(90);
  });

  it("leaves out readings the backend could not make and reports each (metric, reason) once", async () => {
    const missing = { power: "nvmlDeviceGetPowerUsage: NVML_ERROR_NOT_SUPPORTED" };
    const reading = gpu(1, undefined, { powerWatts: undefined, missing });
    const { backend } = scriptedBackend([[reading], [reading], [reading]]);
    const session = await open({ gpuBackend: backend });
    const first = await session.sample();
    expect(first.metrics.map((m) => m.name)).toEqual([
      "gpu_usage_1",
      "gpu_memory_usage_1",
      "gpu_temperature_1",
    ]);
    expect(first.metrics.some((m) => m.value === 0)).toBe(false);
    expect(first.unavailable).toEqual([
      { source: "gpu_power_1", reason: "fake: nvmlDeviceGetPowerUsage: NVML_ERROR_NOT_SUPPORTED" },
    ]);
    expect((await session.sample()).unavailable).toBeUndefined();
  });

  it("reports a backend that stops answering, and an injected backend it does not own stays open", async () => {
    const { backend, state } = scriptedBackend([[gpu(0, 1)], new Error("GPU fell off the bus")]);
    const session = await open({ gpuBackend: backend });
    expect(await session.sample()).toEqual({
      metrics: [],
      unavailable: [{ source: "gpu", reason: "fake: GPU fell off the bus" }],
    });
    await session.finish?.();
    expect(state.closed).toBe(false);
  });

  it("with no GPU, records why each backend is absent under the source 'gpu'", async () => {
    const session = await open({
      gpuDetection: {
        nvml: { libraryPath: "/nonexistent/libnvidia-ml.so.1" },
        nvidiaSmi: { command: "/nonexistent/nvidia-smi" },
        amdgpu: { sysfsRoot: writeTree({}) },
      },
    });
    const { metrics, unavailable } = await session.sample();
    expect(metrics).toEqual([]);
    expect(unavailable).toHaveLength(1);
    expect(unavailable?.[0]?.source).toBe("gpu");
    expect(unavailable?.[0]?.reason).toMatch(
      /^no GPU found \(nvml: cannot load \/nonexistent\/libnvidia-ml\.so\.1: .*; nvidia-smi: \/nonexistent\/nvidia-smi not found on PATH; amdgpu-sysfs: cannot list .*\/class\/drm: not present\)$/,
    );
  });

  it("an injected backend whose probe fails is reported with its reason", async () => {
    const { backend } = scriptedBackend([[]], { available: false, backend: "fake", reason: "no device" });
    const session = await open({ gpuBackend: backend });
    expect((await session.sample()).unavailable).toEqual([{ source: "gpu", reason: "fake: no device" }]);
  });

  it("reads AMD GPUs from sysfs when NVML and nvidia-smi are absent", async () => {
    const sysfsRoot = writeTree({
      "class/drm/card0/device/vendor": "0x1002\n",
      "class/drm/card0/device/gpu_busy_percent": "9\n",
      "class/drm/card0/device/mem_busy_percent": "1\n",
      "class/drm/card0/device/mem_info_vram_used": "512\n",
      "class/drm/card0/device/mem_info_vram_total": "2048\n",
      "class/drm/card0/device/hwmon/hwmon0/power1_average": "15000000\n",
      "class/drm/card0/device/hwmon/hwmon0/temp1_input": "38000\n",
    });
    const session = await openSystemSession({
      sources: GPU_ONLY,
      sysfsRoot,
      gpuDetection: { nvml: false, nvidiaSmi: false, amdgpu: { sysfsRoot } },
    });
    const sample = await session.sample();
    expect(sample.metrics).toEqual([
      { name: "gpu_usage", value: 9, unit: "%" },
      { name: "gpu_memory_usage", value: 25, unit: "%" },
      { name: "gpu_power", value: 15, unit: "W" },
      { name: "gpu_temperature", value: 38, unit: "°C" },
    ]);
    expect(sample.unavailable).toEqual([
      { source: "gpu_energy", reason: "amdgpu-sysfs: energy1_input: not present" },
    ]);
    expect((await session.finish?.())?.attributes).toEqual({
      "prov4ml:system_gpu_backend": "amdgpu-sysfs",
      "prov4ml:system_gpus": ["0: AMD GPU (card0)"],
    });
  });
});

const compiler = cCompiler();

describe.skipIf(compiler === undefined)("GPU metrics through NVML (compiled fake libnvidia-ml)", () => {
  it("detects NVML first and logs both GPUs with energy since the run opened", async () => {
    const libraryPath = compileFakeNvml(compiler!);
    const plugin = systemCollector({ sources: GPU_ONLY, gpuDetection: { nvml: { libraryPath } } });
    const session = await plugin.openRun(makeRunInfo());
    const { metrics } = await session.sample();
    expect(metrics.map((m) => m.name)).toEqual([
      "gpu_usage",
      "gpu_memory_usage",
      "gpu_power",
      "gpu_temperature",
      "gpu_energy",
      "gpu_usage_1",
      "gpu_memory_usage_1",
      "gpu_power_1",
      "gpu_temperature_1",
      "gpu_energy_1",
    ]);
    expect(metrics.find((m) => m.name === "gpu_power")?.value).toBeCloseTo(123.456, 6);
    expect(metrics.find((m) => m.name === "gpu_memory_usage_1")?.value).toBeCloseTo(
      (4296015872 / 34359738368) * 100,
      9,
    );
    // The fake counter advances 1 J per read and is read once per device per sample (plus the baseline).
    expect(metrics.find((m) => m.name === "gpu_energy")?.value).toBeGreaterThan(0);
    expect((await session.finish?.())?.attributes?.["prov4ml:system_gpu_backend"]).toBe("nvml");
  });
});

describe("systemCollector", () => {
  it("is a poll collector of the 'system' group", () => {
    const plugin = systemCollector();
    expect(plugin).toMatchObject({
      kind: "collector",
      name: "@prov4ml/collector-system",
      specVersion: 1,
      group: "system",
      capabilities: { mode: "poll" },
    });
  });

  it("samples this machine's memory, disk and CPU with values in range", async () => {
    const session = await systemCollector({ sources: { gpu: false } }).openRun(makeRunInfo());
    const spin = Date.now() + 30;
    while (Date.now() < spin);
    const { metrics } = await session.sample();
    const byName = new Map(metrics.map((m) => [m.name, m]));
    for (const name of ["memory_usage", "disk_usage", "cpu_usage"]) {
      const value = byName.get(name)?.value;
      expect(value, name).toBeGreaterThanOrEqual(0);
      expect(value, name).toBeLessThanOrEqual(100);
    }
    await session.finish?.();
  });
});
