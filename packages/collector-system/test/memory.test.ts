import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findCgroupMemory } from "../src/cgroup-memory.ts";
import { openSystemSession } from "../src/index.ts";
import { MiB, writeTree } from "./tree.ts";

const MEMINFO = "MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    4000000 kB\n";

async function memoryOnly(root: string) {
  return openSystemSession({
    sources: { memory: true, disk: false, cpu: false, cpuTemperature: false, gpu: false },
    procRoot: join(root, "proc"),
    cgroupRoot: join(root, "cgroup"),
  });
}

describe("memory_usage", () => {
  it("without cgroups: (MemTotal − MemAvailable) / MemTotal, psutil's percent", async () => {
    const root = writeTree({ "proc/meminfo": MEMINFO });
    const session = await memoryOnly(root);
    expect(await session.sample()).toEqual({ metrics: [{ name: "memory_usage", value: 75, unit: "%" }] });
    expect((await session.finish?.())?.attributes).toEqual({
      "prov4ml:system_memory_basis": join(root, "proc", "meminfo"),
    });
  });

  it("cgroup v2: (memory.current − inactive_file) / memory.max of the process's cgroup", async () => {
    const root = writeTree({
      "proc/meminfo": MEMINFO,
      "proc/self/cgroup": "0::/kubepods/pod1/ctr\n",
      "cgroup/kubepods/pod1/ctr/memory.max": `${1024 * MiB}\n`,
      "cgroup/kubepods/pod1/ctr/memory.current": `${600 * MiB}\n`,
      "cgroup/kubepods/pod1/ctr/memory.stat": `anon 1\nactive_file ${7 * MiB}\ninactive_file ${100 * MiB}\n`,
    });
    const session = await memoryOnly(root);
    const { metrics } = await session.sample();
    expect(metrics).toHaveLength(1);
    expect(metrics[0]?.value).toBeCloseTo((500 / 1024) * 100, 10);
  });

  it("cgroup v2 in a cgroup namespace ('0::/'): the mount root holds the limit", async () => {
    const root = writeTree({
      "proc/meminfo": MEMINFO,
      "proc/self/cgroup": "0::/\n",
      "cgroup/memory.max": `${2048 * MiB}\n`,
      "cgroup/memory.current": `${512 * MiB}\n`,
    });
    const { metrics } = await (await memoryOnly(root)).sample();
    expect(metrics[0]?.value).toBe(25); // no memory.stat: nothing subtracted
  });

  it("cgroup v2 with memory.max = max uses the nearest limited ancestor", async () => {
    const root = writeTree({
      "proc/self/cgroup": "0::/slice/job/step\n",
      "cgroup/slice/job/step/memory.max": "max\n",
      "cgroup/slice/job/memory.max": `${4096 * MiB}\n`,
      "cgroup/slice/job/memory.current": `${1024 * MiB}\n`,
    });
    const files = await findCgroupMemory(join(root, "proc"), join(root, "cgroup"));
    expect(files).toMatchObject({ version: 2, directory: join(root, "cgroup", "slice", "job") });
  });

  it("cgroup v2 without any limit falls back to the host's figure", async () => {
    const root = writeTree({
      "proc/meminfo": MEMINFO,
      "proc/self/cgroup": "0::/user.slice\n",
      "cgroup/user.slice/memory.max": "max\n",
      "cgroup/user.slice/memory.current": "123\n",
    });
    const { metrics } = await (await memoryOnly(root)).sample();
    expect(metrics[0]?.value).toBe(75);
  });

  it("cgroup v1: usage_in_bytes − total_inactive_file over limit_in_bytes", async () => {
    const root = writeTree({
      "proc/meminfo": MEMINFO,
      "proc/self/cgroup": "12:cpu,cpuacct:/docker/abc\n11:memory:/docker/abc\n0::/\n",
      "cgroup/memory/docker/abc/memory.limit_in_bytes": `${1000 * MiB}\n`,
      "cgroup/memory/docker/abc/memory.usage_in_bytes": `${300 * MiB}\n`,
      "cgroup/memory/docker/abc/memory.stat": `cache 5\ninactive_file ${99 * MiB}\ntotal_inactive_file ${50 * MiB}\n`,
    });
    const session = await memoryOnly(root);
    const { metrics } = await session.sample();
    expect(metrics[0]?.value).toBeCloseTo(25, 10);
    expect((await session.finish?.())?.attributes?.["prov4ml:system_memory_basis"]).toBe(
      `cgroup v1 ${join(root, "cgroup", "memory", "docker", "abc")}`,
    );
  });

  it("cgroup v1 with the 'unlimited' value (2^63 rounded to a page) counts as no limit", async () => {
    const root = writeTree({
      "proc/meminfo": MEMINFO,
      "proc/self/cgroup": "4:memory:/\n",
      "cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
      "cgroup/memory/memory.usage_in_bytes": "1\n",
    });
    expect(await findCgroupMemory(join(root, "proc"), join(root, "cgroup"))).toBeUndefined();
    const { metrics } = await (await memoryOnly(root)).sample();
    expect(metrics[0]?.value).toBe(75);
  });

  it("reports the cgroup as unavailable (not 0, not the host figure) when its files vanish", async () => {
    const root = writeTree({
      "proc/meminfo": MEMINFO,
      "proc/self/cgroup": "0::/\n",
      "cgroup/memory.max": "1000\n",
      "cgroup/memory.current": "500\n",
    });
    const session = await memoryOnly(root);
    expect((await session.sample()).metrics[0]?.value).toBe(50);
    rmSync(join(root, "cgroup", "memory.current"));
    expect(await session.sample()).toEqual({
      metrics: [],
      unavailable: [
        { source: "memory_usage", reason: `cannot read the memory cgroup files in ${join(root, "cgroup")}` },
      ],
    });
    // Reported once per run, however many samples fail the same way.
    expect(await session.sample()).toEqual({ metrics: [] });
    writeFileSync(join(root, "cgroup", "memory.current"), "250\n");
    expect((await session.sample()).metrics[0]?.value).toBe(25);
  });
});
