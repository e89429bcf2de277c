import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fakePowercap } from "../test-support/fake-powercap.ts";
import { probeRapl, RaplCpuMeter } from "./rapl.ts";

const MAX = 262_143_328_850;
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup) fn();
  cleanup = [];
});

function tree(zones: Parameters<typeof fakePowercap>[0]) {
  const fake = fakePowercap(zones);
  cleanup.push(fake.remove);
  return fake;
}

function meterFor(root: string, options: Parameters<typeof probeRapl>[0] = {}) {
  const probe = probeRapl({ roots: [root], ...options });
  if (!probe.ok) throw new Error(probe.reason);
  const meter = new RaplCpuMeter(probe.zones);
  meter.start();
  return meter;
}

describe("probeRapl", () => {
  it("selects package zones only, not their nested core/uncore/dram zones", () => {
    const fake = tree([
      { path: "intel-rapl:0", name: "package-0", energyUJ: 5_000_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl:0/intel-rapl:0:0", name: "core", energyUJ: 3_000_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl:0/intel-rapl:0:1", name: "uncore", energyUJ: 1_000_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl:0/intel-rapl:0:2", name: "dram", energyUJ: 900_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl:1", name: "package-1", energyUJ: 7_000_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl:2", name: "psys", energyUJ: 20_000_000_000, maxRangeUJ: MAX },
    ]);
    const probe = probeRapl({ roots: [fake.root] });
    expect(probe.ok && probe.zones.map((zone) => zone.name).sort()).toEqual(["package-0", "package-1"]);
    const psys = probeRapl({ roots: [fake.root], preferPsys: true });
    expect(psys.ok && psys.zones.map((zone) => zone.name)).toEqual(["psys"]);
  });

  it("adds only top-level dram zones when asked, and prefers MMIO over MSR for the same name", () => {
    const fake = tree([
      { path: "intel-rapl:0", name: "package-0", energyUJ: 5_000_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl:0/intel-rapl:0:2", name: "dram", energyUJ: 900_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl:1", name: "dram", energyUJ: 800_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl-mmio:0", name: "package-0", energyUJ: 5_000_000_100, maxRangeUJ: MAX },
    ]);
    const probe = probeRapl({ roots: [fake.root], includeDram: true });
    if (!probe.ok) throw new Error(probe.reason);
    expect(probe.zones.map((zone) => [zone.name, zone.mmio, zone.dir.endsWith("intel-rapl:1")])).toEqual([
      ["package-0", true, false],
      ["dram", false, true],
    ]);
  });

  it("says why when there is no tree, no package zone, or an unreadable counter", () => {
    const missing = probeRapl({ roots: ["/nonexistent/powercap"] });
    expect(missing).toEqual({
      ok: false,
      reason: expect.stringContaining("no powercap tree at /nonexistent/powercap"),
    });

    const coreOnly = tree([{ path: "intel-rapl:0:0", name: "core", energyUJ: 1, maxRangeUJ: MAX }]);
    expect(probeRapl({ roots: [coreOnly.root] })).toEqual({
      ok: false,
      reason: expect.stringContaining("no RAPL package or psys zone"),
    });

    // energy_uj as a directory cannot be read by anyone, root included (chmod would not stop root).
    const unreadable = tree([{ path: "intel-rapl:0", name: "package-0", energyUJ: 1, maxRangeUJ: MAX }]);
    rmSync(join(unreadable.root, "intel-rapl:0", "energy_uj"));
    mkdirSync(join(unreadable.root, "intel-rapl:0", "energy_uj"));
    const probe = probeRapl({ roots: [unreadable.root] });
    expect(probe.ok).toBe(false);
    expect(!probe.ok && probe.reason).toMatch(/not readable .*EISDIR.*chmod/);
  });
});

describe("RaplCpuMeter", () => {
  it("sums package deltas since start", () => {
    const fake = tree([
      { path: "intel-rapl:0", name: "package-0", energyUJ: 5_000_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl:1", name: "package-1", energyUJ: 9_000_000_000, maxRangeUJ: MAX },
    ]);
    const meter = meterFor(fake.root);
    expect(meter.read().energyJ).toBe(0);
    fake.set("intel-rapl:0", 5_030_000_000); // +30 J
    fake.set("intel-rapl:1", 9_012_500_000); // +12.5 J
    expect(meter.read().energyJ).toBeCloseTo(42.5, 9);
    fake.set("intel-rapl:0", 5_040_000_000); // +10 J
    expect(meter.read().energyJ).toBeCloseTo(52.5, 9);
  });

  it("adds max_energy_range_uj once when a counter wraps", () => {
    const fake = tree([
      { path: "intel-rapl:0", name: "package-0", energyUJ: MAX - 2_000_000, maxRangeUJ: MAX },
    ]);
    const meter = meterFor(fake.root);
    fake.set("intel-rapl:0", 3_000_000); // 2 J to the wrap, 3 J after it
    expect(meter.read().energyJ).toBeCloseTo(5, 9);
    fake.set("intel-rapl:0", 4_000_000);
    expect(meter.read().energyJ).toBeCloseTo(6, 9);
  });

  it("skips a backwards step it cannot correct (no max range) and says so", () => {
    const fake = tree([{ path: "intel-rapl:0", name: "package-0", energyUJ: 10_000_000 }]);
    const meter = meterFor(fake.root);
    expect(meter.warnings.join()).toContain("max_energy_range_uj unreadable");
    fake.set("intel-rapl:0", 4_000_000);
    expect(meter.read().energyJ).toBe(0);
    fake.set("intel-rapl:0", 6_000_000);
    expect(meter.read().energyJ).toBeCloseTo(2, 9);
    expect(meter.warnings.join()).toContain("went backwards");
  });

  it("keeps the last good value through a failed read, so the gap is counted once", () => {
    const fake = tree([{ path: "intel-rapl:0", name: "package-0", energyUJ: 10_000_000, maxRangeUJ: MAX }]);
    const meter = meterFor(fake.root);
    fake.corrupt("intel-rapl:0");
    expect(meter.read().energyJ).toBe(0);
    expect(meter.warnings.join()).toContain("read failed");
    fake.set("intel-rapl:0", 17_000_000);
    expect(meter.read().energyJ).toBeCloseTo(7, 9);
  });

  it("drops a package zone that mirrors another (multi-die CPUs), keeps independent ones", () => {
    const fake = tree([
      { path: "intel-rapl:0", name: "package-0", energyUJ: 50_000_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl:1", name: "package-1", energyUJ: 50_000_000_000, maxRangeUJ: MAX },
    ]);
    const meter = meterFor(fake.root);
    fake.set("intel-rapl:0", 50_020_000_000);
    fake.set("intel-rapl:1", 50_020_000_000);
    expect(meter.read().energyJ).toBeCloseTo(20, 9);
    expect(meter.zoneNames).toEqual(["package-0"]);

    const independent = tree([
      { path: "intel-rapl:0", name: "package-0", energyUJ: 50_000_000_000, maxRangeUJ: MAX },
      { path: "intel-rapl:1", name: "package-1", energyUJ: 50_000_000_000, maxRangeUJ: MAX },
    ]);
    const second = meterFor(independent.root);
    independent.set("intel-rapl:0", 50_020_000_000);
    independent.set("intel-rapl:1", 50_005_000_000);
    expect(second.read().energyJ).toBeCloseTo(25, 9);
    expect(second.zoneNames).toEqual(["package-0", "package-1"]);
  });
});
