import type { RunInfo } from "@prov4ml/core";
import { afterEach, describe, expect, it } from "vitest";
import { carbonCollector } from "./carbon-collector.ts";
import type { CarbonFigureName } from "./carbon-figures.ts";
import type { GpuDeviceReading, GpuEnergySource } from "./gpu/gpu-energy-source.ts";
import { fakePowercap } from "./test-support/fake-powercap.ts";

const run = {} as RunInfo;
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup) fn();
  cleanup = [];
});

function manualClock(start = 1000) {
  let now = start;
  return { clock: () => now, advance: (seconds: number) => (now += seconds) };
}

function fakeGpu(energiesMJ: number[]): GpuEnergySource {
  let i = 0;
  return {
    name: "fake-nvml",
    probe: async () => ({ ok: true, devices: [{ index: 0, name: "Fake A100" }] }),
    read: async (): Promise<GpuDeviceReading[]> => [
      { index: 0, energyMJ: energiesMJ[Math.min(i++, energiesMJ.length - 1)] },
    ],
  };
}

function figures(sample: { metrics: readonly { name: string; value: number; unit?: string }[] }) {
  return Object.fromEntries(sample.metrics.map((metric) => [metric.name, metric.value])) as Record<
    CarbonFigureName,
    number
  >;
}

describe("carbonCollector", () => {
  it("is a carbon-group collector plugin", () => {
    const plugin = carbonCollector();
    expect(plugin).toMatchObject({
      kind: "collector",
      name: "@prov4ml/collector-carbon",
      specVersion: 1,
      group: "carbon",
    });
  });

  it("logs the nine figures in CodeCarbon's units from RAPL, RAM and GPU, cumulative, with PUE", async () => {
    const powercap = fakePowercap([
      { path: "intel-rapl:0", name: "package-0", energyUJ: 1_000_000_000, maxRangeUJ: 2 ** 32 },
    ]);
    cleanup.push(powercap.remove);
    const time = manualClock();
    const plugin = carbonCollector({
      powercapRoot: powercap.root,
      clock: time.clock,
      country: "FRA",
      pue: 1.5,
      ramPowerW: 10,
      gpu: fakeGpu([0, 0, 360_000_000, 720_000_000]),
      loadSampleIntervalMs: 0,
      env: {},
    });
    const session = await plugin.openRun(run);

    const first = await session.sample();
    expect(first.metrics.map((metric) => [metric.name, metric.unit])).toEqual([
      ["emissions", "kg"],
      ["emissions_rate", "kg/s"],
      ["cpu_power", "W"],
      ["gpu_power", "W"],
      ["ram_power", "W"],
      ["cpu_energy", "kWh"],
      ["gpu_energy", "kWh"],
      ["ram_energy", "kWh"],
      ["energy_consumed", "kWh"],
    ]);
    // Before any time has passed: every figure is 0, none is NaN.
    expect(Object.values(figures(first))).toEqual(Array(9).fill(0));

    time.advance(3600);
    powercap.set("intel-rapl:0", 1_000_000_000 + 360_000_000); // 360 J CPU
    const hour = figures(await session.sample());
    // CPU 360 J, GPU 360 kJ, RAM 10 W × 3600 s = 36 kJ; × PUE 1.5.
    expect(hour.cpu_energy).toBeCloseTo((360 * 1.5) / 3.6e6, 15);
    expect(hour.gpu_energy).toBeCloseTo((360_000 * 1.5) / 3.6e6, 15);
    expect(hour.ram_energy).toBeCloseTo((36_000 * 1.5) / 3.6e6, 15);
    expect(hour.energy_consumed).toBeCloseTo(hour.cpu_energy + hour.gpu_energy + hour.ram_energy, 15);
    expect(hour.cpu_power).toBeCloseTo(0.1 * 1.5, 12);
    expect(hour.gpu_power).toBeCloseTo(100 * 1.5, 12);
    expect(hour.ram_power).toBeCloseTo(10 * 1.5, 12);
    expect(hour.emissions).toBeCloseTo((hour.energy_consumed * 56.039) / 1000, 15);
    expect(hour.emissions_rate).toBeCloseTo(hour.emissions / 3600, 18);

    time.advance(3600);
    powercap.set("intel-rapl:0", 1_000_000_000 + 720_000_000);
    const finish = await session.finish?.();
    expect(finish?.totals).toMatchObject({ duration: 7200 });
    expect(finish?.totals?.energy_consumed).toBeCloseTo(2 * hour.energy_consumed, 15);
    expect(finish?.attributes).toMatchObject({
      "prov4ml:carbon_country": "FRA",
      "prov4ml:carbon_intensity_g_per_kwh": 56.039,
      "prov4ml:carbon_intensity_assumed": false,
      "prov4ml:carbon_cpu_method": "rapl",
      "prov4ml:carbon_ram_method": "constant (ramPowerW option 10 W)",
      "prov4ml:carbon_gpu_method": expect.stringContaining("fake-nvml (energy counter"),
      "prov4ml:carbon_pue": 1.5,
      "prov4ml:carbon_model_version": "codecarbon-3.3.2",
    });
    expect(finish?.attributes?.["prov4ml:carbon_emissions_kg"]).toBe(finish?.totals?.emissions);
    for (const [key, value] of Object.entries(finish?.attributes ?? {})) {
      expect(key.startsWith("prov4ml:carbon_")).toBe(true);
      expect(["string", "number", "boolean"]).toContain(typeof value);
    }
    // After finish, samples repeat the final figures rather than measuring a closed tracker.
    expect(figures(await session.sample()).energy_consumed).toBe(finish?.totals?.energy_consumed);
  });

  it("falls back from unreadable RAPL to the TDP × load model and records why; no GPU recorded as none", async () => {
    const time = manualClock();
    const plugin = carbonCollector({
      powercapRoot: "/nonexistent/powercap",
      clock: time.clock,
      cpuModel: "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz",
      cpuSockets: 2,
      gpu: false,
      loadSampleIntervalMs: 0,
      env: {},
    });
    const session = await plugin.openRun(run);
    time.advance(10);
    const sample = figures(await session.sample());
    // 2 × 150 W rated; the load model gives between 10 % and 100 % of it.
    expect(sample.cpu_power).toBeGreaterThanOrEqual(30 - 1e-9);
    expect(sample.cpu_power).toBeLessThanOrEqual(300 + 1e-9);
    expect(sample.gpu_energy).toBe(0);
    const finish = await session.finish?.();
    expect(finish?.attributes?.["prov4ml:carbon_cpu_method"]).toMatch(
      /^tdp-load-model \(no powercap tree at \/nonexistent\/powercap.*max 300 W from "Intel\(R\) Xeon\(R\) Gold 6248 CPU @ 2\.50GHz" = "Intel Xeon Gold 6248" TDP 150 W × 2 sockets/,
    );
    expect(finish?.attributes?.["prov4ml:carbon_gpu_method"]).toBe(
      "none (no GPU found: GPU measurement disabled by option)",
    );
    expect(finish?.attributes).toMatchObject({
      "prov4ml:carbon_country": "WORLD",
      "prov4ml:carbon_intensity_g_per_kwh": 475,
      "prov4ml:carbon_intensity_assumed": true,
      "prov4ml:carbon_ram_method": expect.stringContaining("dimm-model"),
    });
  });

  it("rejects bad options at openRun with a message that says what to do", async () => {
    await expect(carbonCollector({ country: "XXX", env: {} }).openRun(run)).rejects.toThrow(
      /unknown country code "XXX"/,
    );
    await expect(carbonCollector({ pue: 0, env: {} }).openRun(run)).rejects.toThrow(/option pue must be/);
    await expect(
      carbonCollector({ trackingMode: "container" as "machine", env: {} }).openRun(run),
    ).rejects.toThrow(/trackingMode/);
  });
});
