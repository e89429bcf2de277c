import { readdirSync, readFileSync } from "node:fs";

/** What /proc/<pid>/stat says about one descendant process. */
export interface DescendantStat {
  /** User + system CPU time in clock ticks (USER_HZ). */
  readonly cpuTicks: number;
  /** Resident set in pages. */
  readonly rssPages: number;
}

/**
 * The live descendants of `root` (children, grandchildren, …) from a /proc scan, the way psutil's
 * `children(recursive=True)` finds them. Empty when /proc is missing.
 */
export function readDescendants(procRoot: string, root: number): Map<number, DescendantStat> {
  const stats = new Map<number, { ppid: number; stat: DescendantStat }>();
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return new Map();
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === root) continue;
    try {
      const text = readFileSync(`${procRoot}/${entry}/stat`, "latin1");
      // The command name may hold spaces and parentheses: the fields start after the last ')'.
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      const cpuTicks = Number(fields[11]) + Number(fields[12]);
      const rssPages = Number(fields[21]);
      if (Number.isFinite(ppid) && Number.isFinite(cpuTicks)) {
        stats.set(pid, { ppid, stat: { cpuTicks, rssPages: Number.isFinite(rssPages) ? rssPages : 0 } });
      }
    } catch {
      // The process ended between readdir and read.
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of stats) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const result = new Map<number, DescendantStat>();
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    const entry = stats.get(pid);
    if (entry === undefined || result.has(pid)) continue;
    result.set(pid, entry.stat);
    queue.push(...(children.get(pid) ?? []));
  }
  return result;
}
