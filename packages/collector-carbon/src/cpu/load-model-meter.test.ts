import { describe, expect, it } from "vitest";
import type { SystemCpuTimes } from "./cpu-times.ts";
import { parseProcStat } from "./cpu-times.ts";
import { ConstantPowerMeter, LoadModelCpuMeter } from "./load-model-meter.ts";

function machineMeter(times: SystemCpuTimes[]) {
  let i = 0;
  return new LoadModelCpuMeter({
    maxPowerW: 100,
    trackingMode: "machine",
    threads: 4,
    method: "test",
    systemTimes: () => times[Math.min(i++, times.length - 1)],
    processTimes: () => new Map(),
  });
}

describe("LoadModelCpuMeter, machine mode", () => {
  it("integrates max × (0.1 + 0.9·u³) over each load window", () => {
    const meter = machineMeter([
      { busy: 0, total: 0 },
      { busy: 50, total: 100 }, // u = 0.5 → 100 × (0.1 + 0.1125) = 21.25 W
      { busy: 150, total: 200 }, // u = 1 → 100 W
    ]);
    meter.start(10);
    meter.tick(11);
    expect(meter.read(13).energyJ).toBeCloseTo(21.25 + 100 * 2, 9);
  });

  it("a slice shorter than a load window is charged at the last window's power", () => {
    const meter = machineMeter([
      { busy: 0, total: 0 },
      { busy: 100, total: 100 },
    ]);
    meter.start(0);
    // 10 ms after start: too short to read a load, the model's floor (10 % of max) applies.
    expect(meter.read(0.01).energyJ).toBeCloseTo(100 * 0.1 * 0.01, 12);
    expect(meter.read(1.01).energyJ).toBeCloseTo(0.1 + 100 * 1, 9);
  });

  it("clamps a load outside [0, 1] and treats a frozen counter as idle", () => {
    const meter = machineMeter([
      { busy: 0, total: 0 },
      { busy: 0, total: 0 },
      { busy: 500, total: 100 },
    ]);
    meter.start(0);
    expect(meter.read(1).energyJ).toBeCloseTo(10, 9);
    expect(meter.read(2).energyJ).toBeCloseTo(110, 9);
  });
});

describe("LoadModelCpuMeter, process mode", () => {
  it("charges max × (CPU seconds of the process tree / wall seconds) / threads", () => {
    const snapshots = [
      new Map([[1, 10]]),
      new Map([
        [1, 11.5],
        [2, 3],
      ]), // child 2 appears: its first reading is a baseline, as in CodeCarbon
      new Map([
        [1, 12],
        [2, 4],
      ]),
    ];
    let i = 0;
    const meter = new LoadModelCpuMeter({
      maxPowerW: 80,
      trackingMode: "process",
      threads: 4,
      method: "test",
      systemTimes: () => undefined,
      processTimes: () => snapshots[Math.min(i++, snapshots.length - 1)] as Map<number, number>,
    });
    meter.start(0);
    meter.tick(1); // 1.5 CPU s over 1 s → 80 × 1.5 / 4 = 30 W
    expect(meter.read(2).energyJ).toBeCloseTo(30 + (80 * 1.5) / 4, 9); // 0.5 + 1 CPU s
  });
});

describe("ConstantPowerMeter", () => {
  it("is power × elapsed time", () => {
    const meter = new ConstantPowerMeter(42.5, "test");
    meter.start(100);
    expect(meter.read(100).energyJ).toBe(0);
    expect(meter.read(102).energyJ).toBeCloseTo(85, 9);
  });
});

describe("parseProcStat", () => {
  it("counts like psutil: guest time is inside user, iowait is idle", () => {
    const times = parseProcStat("cpu  100 5 50 1000 20 3 7 11 40 2\ncpu0 1 2 3 4\n");
    expect(times).toEqual({ total: 100 + 5 + 50 + 1000 + 20 + 3 + 7 + 11, busy: 100 + 5 + 50 + 3 + 7 + 11 });
  });
});
