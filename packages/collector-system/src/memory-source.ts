import { freemem, totalmem } from "node:os";
import { join } from "node:path";
import { SYSTEM_METRIC_NAMES } from "@prov4ml/core";
import { findCgroupMemory, readCgroupMemory } from "./cgroup-memory.ts";
import { keyedNumber, readTextOrUndefined } from "./read-text.ts";
import type { MetricSource, SourceReading } from "./source.ts";

export interface MemorySourceOptions {
  readonly procRoot: string;
  readonly cgroupRoot: string;
}

/**
 * `memory_usage` in % (0–100). Inside a memory-limited cgroup (v2 or v1): (usage − inactive page
 * cache) / limit, as `docker stats` shows it. Otherwise (MemTotal − MemAvailable) / MemTotal, which
 * is psutil's `virtual_memory().percent`. Without /proc/meminfo (not Linux): `os.totalmem/freemem`.
 * The basis is fixed when the run opens, so one series never mixes two definitions.
 */
export async function openMemorySource(options: MemorySourceOptions): Promise<MetricSource> {
  const cgroup = await findCgroupMemory(options.procRoot, options.cgroupRoot);
  const meminfoPath = join(options.procRoot, "meminfo");
  const hasMeminfo = (await readTextOrUndefined(meminfoPath)) !== undefined;
  const basis = cgroup
    ? `cgroup v${cgroup.version} ${cgroup.directory}`
    : hasMeminfo
      ? meminfoPath
      : "os.freemem";

  const usage = (percent: number): SourceReading => ({
    metrics: [{ name: SYSTEM_METRIC_NAMES.memoryUsage, value: percent, unit: "%" }],
  });
  const missing = (reason: string): SourceReading => ({
    metrics: [],
    unavailable: [{ source: SYSTEM_METRIC_NAMES.memoryUsage, reason }],
  });

  const read = async (): Promise<SourceReading> => {
    if (cgroup) {
      const reading = await readCgroupMemory(cgroup);
      return reading
        ? usage((reading.usedBytes / reading.limitBytes) * 100)
        : missing(`cannot read the memory cgroup files in ${cgroup.directory}`);
    }
    if (!hasMeminfo) return usage(((totalmem() - freemem()) / totalmem()) * 100);
    const text = await readTextOrUndefined(meminfoPath);
    const total = text === undefined ? undefined : keyedNumber(text, "MemTotal");
    const available = text === undefined ? undefined : keyedNumber(text, "MemAvailable");
    if (!total || available === undefined) return missing(`${meminfoPath} has no MemTotal/MemAvailable`);
    return usage(((total - available) / total) * 100);
  };

  return { read, describe: () => ({ "prov4ml:system_memory_basis": basis }) };
}
