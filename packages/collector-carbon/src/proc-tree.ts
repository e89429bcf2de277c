import { existsSync, readdirSync, readFileSync } from "node:fs";

/** What /proc/<pid>/stat says about one descendant process. */
export interface DescendantStat {
  /** User + system CPU time in clock ticks (USER_HZ). */
  readonly cpuTicks: number;
  /** Resident set in pages. */
  readonly rssPages: number;
}

/**
 * The live descendants of `root` (children, grandchildren, …), as psutil's
 * `children(recursive=True)` finds them: through `/proc/<pid>/task/<tid>/children` where the
 * kernel has it (CONFIG_PROC_CHILDREN: a few reads), else a scan of every process in /proc.
 * Empty when /proc is missing.
 */
export function readDescendants(procRoot: string, root: number): Map<number, DescendantStat> {
  if (existsSync(`${procRoot}/${root}/task/${root}/children`)) return walkChildren(procRoot, root);
  return scanAll(procRoot, root);
}

function walkChildren(procRoot: string, root: number): Map<number, DescendantStat> {
  const result = new Map<number, DescendantStat>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    let tids: string[];
    try {
      tids = readdirSync(`${procRoot}/${pid}/task`);
    } catch {
      continue; // ended meanwhile
    }
    for (const tid of tids) {
      let text: string;
      try {
        text = readFileSync(`${procRoot}/${pid}/task/${tid}/children`, "latin1");
      } catch {
        continue;
      }
      for (const word of text.split(" ")) {
        const child = Number(word);
        if (word === "" || !Number.isInteger(child) || result.has(child)) continue;
        const stat = readStat(procRoot, child);
        if (stat === undefined) continue;
        result.set(child, stat.stat);
        queue.push(child);
      }
    }
  }
  return result;
}

function readStat(procRoot: string, pid: number): { ppid: number; stat: DescendantStat } | undefined {
  try {
    const text = readFileSync(`${procRoot}/${pid}/stat`, "latin1");
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const rssPages = Number(fields[21]);
    if (!Number.isFinite(ppid) || !Number.isFinite(cpuTicks)) return undefined;
    return { ppid, stat: { cpuTicks, rssPages: Number.isFinite(rssPages) ? rssPages : 0 } };
  } catch {
    return undefined; // ended between listing and reading
  }
}

function scanAll(procRoot: string, root: number): Map<number, DescendantStat> {
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
    const stat = readStat(procRoot, pid);
    if (stat) stats.set(pid, stat);
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
