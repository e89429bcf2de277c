import { cpus } from "node:os";
import { join } from "node:path";
import { SYSTEM_METRIC_NAMES } from "@prov4ml/core";
import { readTextOrUndefined } from "./read-text.ts";
import type { MetricSource } from "./source.ts";

/** Busy and total CPU time, in any unit, summed over all CPUs. */
interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

/**
 * `cpu_usage` in % (0–100) of all CPUs of the machine since the previous sample (the first sample:
 * since the run opened), as psutil's `cpu_percent()`: busy = total − idle − iowait, guest time not
 * counted twice. Reads the `cpu` line of `<procRoot>/stat`; without it (not Linux), `os.cpus()`.
 */
export async function openCpuUsageSource(procRoot: string): Promise<MetricSource> {
  const statPath = join(procRoot, "stat");
  const fromProc = parseProcStat(await readTextOrUndefined(statPath)) !== undefined;
  const readTimes = async (): Promise<CpuTimes | undefined> =>
    fromProc ? parseProcStat(await readTextOrUndefined(statPath)) : osCpuTimes();

  let previous = await readTimes();
  return {
    async read() {
      const current = await readTimes();
      const before = previous;
      previous = current ?? previous;
      if (!current || !before) {
        return {
          metrics: [],
          unavailable: [
            { source: SYSTEM_METRIC_NAMES.cpuUsage, reason: `cannot read CPU times from ${statPath}` },
          ],
        };
      }
      const total = current.total - before.total;
      // No tick elapsed (two samples within one jiffy): nothing was measured, so nothing is logged.
      if (total <= 0) return { metrics: [] };
      const busy = Math.min(Math.max(current.busy - before.busy, 0), total);
      return { metrics: [{ name: SYSTEM_METRIC_NAMES.cpuUsage, value: (busy / total) * 100, unit: "%" }] };
    },
    describe: () => ({ "prov4ml:system_cpu_usage_source": fromProc ? statPath : "os.cpus()" }),
  };
}

/** The aggregate `cpu` line: user nice system idle iowait irq softirq steal [guest guest_nice]. */
export function parseProcStat(text: string | undefined): CpuTimes | undefined {
  const line = text?.split("\n", 1)[0];
  if (!line?.startsWith("cpu ")) return undefined;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 4 || fields.some((f) => !Number.isFinite(f))) return undefined;
  // guest and guest_nice (fields 9–10) are already inside user and nice.
  const total = fields.reduce((sum, f) => sum + f, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

function osCpuTimes(): CpuTimes | undefined {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const sum = times.user + times.nice + times.sys + times.idle + times.irq;
    total += sum;
    busy += sum - times.idle;
  }
  return total > 0 ? { busy, total } : undefined;
}
