import { cpus } from "node:os";
import { KeptFile } from "../kept-file.ts";
import { readDescendants } from "../proc-tree.ts";

/** Cumulative busy and total CPU time of the whole machine, in any one unit. */
export interface SystemCpuTimes {
  readonly busy: number;
  readonly total: number;
}

/** Reads the machine's CPU times; `undefined` when the platform gives none. */
export type SystemCpuTimesReader = (() => SystemCpuTimes | undefined) & { close?(): void };

/**
 * Machine CPU times as psutil counts them (CodeCarbon's `SystemCPULoadMeter`): total = all
 * `/proc/stat` fields minus guest time (already inside user/nice), busy = total − idle − iowait.
 * Elsewhere `os.cpus()` (no iowait/steal there).
 */
export function createSystemCpuTimesReader(procStat = "/proc/stat"): SystemCpuTimesReader {
  let file = process.platform === "linux" ? new KeptFile(procStat) : undefined;
  const read = () => {
    if (file) {
      try {
        const head = file.readHead();
        // The aggregate line comes first; a head without its newline is cut short: read it all.
        return parseProcStat(head.includes("\n") ? head : file.readAll());
      } catch {
        file.close();
        file = undefined;
      }
    }
    const all = cpus();
    if (all.length === 0) return undefined;
    let busy = 0;
    let total = 0;
    for (const { times } of all) {
      const sum = times.user + times.nice + times.sys + times.idle + times.irq;
      total += sum;
      busy += sum - times.idle;
    }
    return { busy, total };
  };
  return Object.assign(read, { close: () => file?.close() });
}

/** The aggregate `cpu ` line of /proc/stat. */
export function parseProcStat(text: string): SystemCpuTimes {
  const end = text.indexOf("\n");
  const line = end === -1 ? text : text.slice(0, end);
  if (!line.startsWith("cpu ")) throw new Error("/proc/stat does not start with the aggregate cpu line");
  const fields = line.slice(4).trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  // guest and guest_nice (fields 9–10) are already inside user and nice.
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

/** CPU seconds (user + system) used so far, per process id. */
export type ProcessCpuSecondsReader = () => ReadonlyMap<number, number>;

/**
 * CPU seconds of this process and, on Linux, of its live descendants (read from /proc), as
 * CodeCarbon's process mode counts them (psutil `children(recursive=True)`).
 */
export function createProcessCpuSecondsReader(
  options: { procRoot?: string; ticksPerSecond?: number } = {},
): ProcessCpuSecondsReader {
  const procRoot = options.procRoot ?? "/proc";
  // USER_HZ is 100 on every mainstream Linux build; /proc/<pid>/stat counts in it.
  const ticksPerSecond = options.ticksPerSecond ?? 100;
  const onLinux = process.platform === "linux";
  return () => {
    const usage = process.cpuUsage();
    const result = new Map<number, number>([[process.pid, (usage.user + usage.system) / 1e6]]);
    if (!onLinux) return result;
    for (const [pid, stat] of readDescendants(procRoot, process.pid))
      result.set(pid, stat.cpuTicks / ticksPerSecond);
    return result;
  };
}
