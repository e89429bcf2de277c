import type { GpuBackend, GpuDeviceReading as NvmlReading } from "@prov4ml/nvml";
import { describe, expect, it } from "vitest";
import { detectDefaultGpuSource, gpuEnergySourceFromBackend } from "./backend-adapter.ts";
import type { GpuDeviceReading, GpuEnergySource } from "./gpu-energy-source.ts";
import { GpuMeter, NoGpuMeter } from "./gpu-meter.ts";

function scriptedSource(script: GpuDeviceReading[][]): GpuEnergySource {
  let i = 0;
  return {
    name: "fake",
    probe: async () => ({ ok: true, devices: [{ index: 0, name: "Fake GPU" }] }),
    read: async () => script[Math.min(i++, script.length - 1)] as GpuDeviceReading[],
  };
}

describe("GpuMeter", () => {
  it("sums energy-counter deltas over devices (mJ → J)", async () => {
    const meter = new GpuMeter(
      scriptedSource([
        [
          { index: 0, energyMJ: 1_000_000 },
          { index: 1, energyMJ: 5_000_000 },
        ],
        [
          { index: 0, energyMJ: 1_250_000 },
          { index: 1, energyMJ: 5_100_000 },
        ],
      ]),
      "fake",
    );
    await meter.start(0);
    expect((await meter.read(1)).energyJ).toBeCloseTo(350, 9);
  });

  it("drops the interval when a counter goes backwards (driver reload) and re-bases", async () => {
    const meter = new GpuMeter(
      scriptedSource([
        [{ index: 0, energyMJ: 9_000_000 }],
        [{ index: 0, energyMJ: 1_000 }],
        [{ index: 0, energyMJ: 51_000 }],
      ]),
      "fake",
    );
    await meter.start(0);
    expect((await meter.read(1)).energyJ).toBe(0);
    expect((await meter.read(2)).energyJ).toBeCloseTo(50, 9);
    expect(meter.warnings.join()).toContain("went backwards");
  });

  it("integrates power by the trapezoid rule without a counter", async () => {
    const meter = new GpuMeter(
      scriptedSource([[{ index: 0, powerW: 100 }], [{ index: 0, powerW: 200 }], [{ index: 0, powerW: 200 }]]),
      "fake",
    );
    await meter.start(0);
    expect((await meter.read(2)).energyJ).toBeCloseTo(300, 9);
    expect((await meter.read(3)).energyJ).toBeCloseTo(500, 9);
  });

  it("does not count twice the power-integrated gap when the counter comes back", async () => {
    const meter = new GpuMeter(
      scriptedSource([
        [{ index: 0, energyMJ: 0, powerW: 100 }],
        [{ index: 0, powerW: 100 }], // counter unreadable: 100 J from power
        [{ index: 0, energyMJ: 250_000, powerW: 100 }], // counter: 250 J in all since start
      ]),
      "fake",
    );
    await meter.start(0);
    expect((await meter.read(1)).energyJ).toBeCloseTo(100, 9);
    expect((await meter.read(2)).energyJ).toBeCloseTo(250, 9);
  });

  it("keeps its total when the source fails, and records why", async () => {
    let fail = false;
    const meter = new GpuMeter(
      {
        name: "flaky",
        probe: async () => ({ ok: true, devices: [] }),
        read: async () => {
          if (fail) throw new Error("GPU is lost");
          return [{ index: 0, energyMJ: fail ? 0 : 10_000 }];
        },
      },
      "flaky",
    );
    await meter.start(0);
    fail = true;
    expect((await meter.read(1)).energyJ).toBe(0);
    expect(meter.warnings.join()).toContain("GPU is lost");
  });

  it("NoGpuMeter reports 0 J with the reason in its method", () => {
    const meter = new NoGpuMeter("nvml: libnvidia-ml.so.1 not found");
    expect(meter.read().energyJ).toBe(0);
    expect(meter.method).toBe("none (no GPU found: nvml: libnvidia-ml.so.1 not found)");
  });
});

describe("gpuEnergySourceFromBackend over @prov4ml/nvml's GpuBackend", () => {
  function backend(readings: NvmlReading[], available = true): GpuBackend {
    return {
      name: "nvml",
      probe: async () =>
        available
          ? { available: true, backend: "nvml", devices: [{ index: 0, name: "NVIDIA H100" }] }
          : {
              available: false,
              backend: "nvml",
              reason: "libnvidia-ml.so.1: cannot open shared object file",
            },
      sample: async () => readings,
      close: async () => undefined,
    };
  }

  it("converts joules and watts", async () => {
    const source = gpuEnergySourceFromBackend(backend([{ index: 0, energyJoules: 12.5, powerWatts: 300 }]));
    expect(await source.probe()).toEqual({ ok: true, devices: [{ index: 0, name: "NVIDIA H100" }] });
    expect(await source.read()).toEqual([{ index: 0, energyMJ: 12_500, powerW: 300 }]);
  });

  it("passes the backend's reason through", async () => {
    const source = gpuEnergySourceFromBackend(backend([], false));
    expect(await source.probe()).toEqual({
      ok: false,
      reason: "libnvidia-ml.so.1: cannot open shared object file",
    });
  });

  it("default source: without @prov4ml/nvml, says so; with it, reports what detection tried", async () => {
    const missing = await detectDefaultGpuSource(() => Promise.reject(new Error("Cannot find package")));
    expect("reason" in missing && missing.reason).toMatch(/@prov4ml\/nvml not installed|not installed/);
    const none = await detectDefaultGpuSource(async () => ({
      detectGpuBackend: async () => ({
        backend: undefined,
        attempts: [{ backend: "nvml", reason: "no driver" }],
      }),
    }));
    expect(none).toEqual({ reason: "nvml: no driver" });
  });
});
