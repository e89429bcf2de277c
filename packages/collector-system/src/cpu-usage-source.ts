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

/** Counters as at boot: the window of last resort, which always holds ticks. */
const SINCE_BOOT: CpuTimes = { busy: 0, total: 0 };

/**
 * `cpu_usage` in % (0–100) of all CPUs of the machine, as psutil's `cpu_percent()`: busy = total
 * − idle − iowait, guest time not counted twice. Reads the `cpu` line of `<procRoot>/stat`;
 * without it (not Linux), `os.cpus()`.
 *
 * Every sample gives a value. The window is the time since the previous sample; the counters
 * advance once per scheduler tick (1/100 s on most kernels), so when no tick elapsed since then
 * (two samples close together) the window reaches back to the sample before, whose counters are
 * at least one tick older. The first sample measures since the run opened, or since boot when not
 * a tick has passed since.
 */
export async function openCpuUsageSource(procRoot: string): Promise<MetricSource> {
  const statPath = join(procRoot, "stat");
  const fromProc = parseProcStat(await readTextOrUndefined(statPath)) !== undefined;
  const readTimes = async (): Promise<CpuTimes | undefined> =>
    fromProc ? parseProcStat(await readTextOrUndefined(statPath)) : osCpuTimes();

  // Two window starts with older.total < newer.total, so a window from `older` always holds ticks.
  let older: CpuTimes = SINCE_BOOT;
  let newer: CpuTimes | undefined = await readTimes();
  return {
    async read() {
      const current = await readTimes();
      if (!current || !newer) {
        newer ??= current;
        return {
          metrics: [],
          unavailable: [
            { source: SYSTEM_METRIC_NAMES.cpuUsage, reason: `cannot read CPU times from ${statPath}` },
          ],
        };
      }
      const ticked = current.total > newer.total;
      const start = ticked ? newer : older;
      if (ticked) {
        older = newer;
        newer = current;
      }
      const total = current.total - start.total;
      if (total <= 0) return { metrics: [] }; // counters that went back (a restored VM): nothing to measure
      const busy = Math.min(Math.max(current.busy - start.busy, 0), total);
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
