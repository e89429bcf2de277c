import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseProcStat } from "../src/cpu-usage-source.ts";
import { openSystemSession } from "../src/index.ts";
import { writeTree } from "./tree.ts";

const only = (source: "cpu" | "disk") => ({
  memory: false,
  disk: source === "disk",
  cpu: source === "cpu",
  cpuTemperature: false,
  gpu: false,
});

describe("cpu_usage", () => {
  it("is busy / total ticks since the previous sample, iowait counted idle, guest not counted twice", async () => {
    //               user nice system idle iowait irq softirq steal guest guest_nice
    const root = writeTree({ stat: "cpu  100 0 50 800 50 0 0 0 30 0\ncpu0 1 2 3 4\n" });
    const session = await openSystemSession({ sources: only("cpu"), procRoot: root });
    // +60 user +20 system +100 idle +20 iowait (+40 guest, already inside user): busy 80 of 200.
    writeFileSync(join(root, "stat"), "cpu  160 0 70 900 70 0 0 0 70 0\n");
    expect(await session.sample()).toEqual({ metrics: [{ name: "cpu_usage", value: 40, unit: "%" }] });
    writeFileSync(join(root, "stat"), "cpu  260 0 70 900 70 0 0 0 70 0\n");
    expect((await session.sample()).metrics).toEqual([{ name: "cpu_usage", value: 100, unit: "%" }]);
  });

  it("gives a value on every sample, even when no tick elapsed since the previous one", async () => {
    //               user nice system idle iowait irq softirq steal: busy 27 of 36 since boot
    const root = writeTree({ stat: "cpu  1 2 3 4 5 6 7 8\n" });
    const session = await openSystemSession({ sources: only("cpu"), procRoot: root });
    for (let i = 0; i < 10; i++) {
      expect(await session.sample()).toEqual({ metrics: [{ name: "cpu_usage", value: 75, unit: "%" }] });
    }
    // one tick later: since the last window start (+10 busy of 20); then no tick again: the same
    // window start is reused, so the value stays measured over at least one tick
    writeFileSync(join(root, "stat"), "cpu  11 2 3 14 5 6 7 8\n");
    expect((await session.sample()).metrics[0]?.value).toBe(50);
    expect((await session.sample()).metrics[0]?.value).toBe(50);
    writeFileSync(join(root, "stat"), "cpu  11 2 3 24 5 6 7 8\n");
    expect((await session.sample()).metrics[0]?.value).toBe(0);
  });

  it("gives 10 readings for 10 samples in a row on this machine", async () => {
    const session = await openSystemSession({ sources: only("cpu") });
    const values: number[] = [];
    for (let i = 0; i < 10; i++) values.push(...(await session.sample()).metrics.map((m) => m.value));
    expect(values).toHaveLength(10);
    for (const value of values) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of values) expect(value).toBeLessThanOrEqual(100);
  });

  it("falls back to os.cpus() without /proc/stat and still measures", async () => {
    const session = await openSystemSession({ sources: only("cpu"), procRoot: writeTree({}) });
    const { metrics } = await session.sample();
    expect(metrics).toHaveLength(1);
    expect(metrics[0]?.value).toBeGreaterThan(0);
    expect(metrics[0]?.value).toBeLessThanOrEqual(100);
    expect((await session.finish?.())?.attributes).toEqual({
      "prov4ml:system_cpu_usage_source": "os.cpus()",
    });
  });

  it("parseProcStat rejects text without an aggregate cpu line", () => {
    expect(parseProcStat("cpu0 1 2 3 4\n")).toBeUndefined();
    expect(parseProcStat(undefined)).toBeUndefined();
    expect(parseProcStat("cpu  1 2 3 4\n")).toEqual({ busy: 6, total: 10 });
  });
});

describe("disk_usage", () => {
  it("agrees with df on the filesystem of the given path", async () => {
    const path = tmpdir();
    const session = await openSystemSession({ sources: only("disk"), diskPath: path });
    const { metrics } = await session.sample();
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({ name: "disk_usage", unit: "%" });
    const df = spawnSync("df", ["-P", path], { encoding: "utf8" });
    if (df.status === 0) {
      // POSIX df: "Filesystem 1024-blocks Used Available Capacity Mounted-on"; Capacity is rounded up.
      const capacity = Number(/(\d+)%/.exec(df.stdout.split("\n")[1] ?? "")?.[1]);
      expect(Math.abs(metrics[0]!.value - capacity)).toBeLessThanOrEqual(1);
    }
  });

  it("reports an unreadable path as unavailable, with the reason", async () => {
    const session = await openSystemSession({ sources: only("disk"), diskPath: "/nonexistent/prov4ml" });
    expect(await session.sample()).toEqual({
      metrics: [],
      unavailable: [{ source: "disk_usage", reason: "statfs(/nonexistent/prov4ml): not present" }],
    });
  });
});
