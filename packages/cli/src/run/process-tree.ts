/**
 * The wrapped command's process tree, read from /proc: the child, its descendants, and — when
 * following — processes that left the tree (a daemon's double fork) but still carry the run's
 * environment mark. Linux only; elsewhere the tree is just the child, and nothing is sampled.
 */
import { readdirSync, readFileSync } from "node:fs";

/** USER_HZ: the unit of /proc/<pid>/stat CPU times, 100 on every Linux build in use. */
const CLOCK_TICKS_PER_SECOND = 100;
const MARK_SCAN_EVERY = 10;

export interface TreeReading {
  /** CPU used by the tree since the previous reading, in % of one core. */
  readonly cpuPercent: number;
  /** Resident memory of all members, in bytes. */
  readonly rssBytes: number;
  readonly processes: number;
}

export interface ProcessTreeOptions {
  /** Environment mark `NAME=value` given to the child; found in /proc/<pid>/environ. */
  readonly mark: string;
  /** Keep members that left the tree (daemons) and look for the mark. */
  readonly follow: boolean;
  readonly procRoot?: string;
}

export class ProcessTree {
  readonly #options: ProcessTreeOptions;
  readonly #proc: string;
  readonly #needle: string;
  #root: number | undefined;
  #known = new Set<number>();
  #lastTicks = new Map<number, number>();
  #lastTime = 0;
  #reads = 0;

  constructor(options: ProcessTreeOptions) {
    this.#options = options;
    this.#proc = options.procRoot ?? "/proc";
    this.#needle = `${options.mark}\0`;
  }

  /** The child's pid, once spawned. */
  setRoot(pid: number): void {
    this.#root = pid;
    this.#lastTime = performance.now();
  }

  /** Live members (zombies excluded). */
  members(): Set<number> {
    const found = new Set<number>();
    const queue: number[] = [];
    const add = (pid: number) => {
      if (found.has(pid) || !isAlive(this.#proc, pid)) return;
      found.add(pid);
      queue.push(pid);
    };
    if (this.#root !== undefined) add(this.#root);
    if (this.#options.follow) {
      for (const pid of this.#known) add(pid);
      // Reading every process's environment is the costly part: do it every 10th time while the
      // command runs (a daemon that left the tree is caught within 10 intervals), always after.
      const rootGone = this.#root === undefined || !found.has(this.#root);
      if (rootGone || this.#reads++ % MARK_SCAN_EVERY === 0)
        for (const pid of this.#markedProcesses()) add(pid);
    }
    while (queue.length > 0) for (const child of childrenOf(this.#proc, queue.pop() as number)) add(child);
    if (this.#options.follow) this.#known = found;
    return found;
  }

  read(): TreeReading {
    const members = this.members();
    const now = performance.now();
    let ticks = 0;
    let rssBytes = 0;
    const nextTicks = new Map<number, number>();
    for (const pid of members) {
      const stat = readStat(this.#proc, pid);
      if (!stat) continue;
      nextTicks.set(pid, stat.cpuTicks);
      ticks += stat.cpuTicks - (this.#lastTicks.get(pid) ?? 0);
      rssBytes += readRssBytes(this.#proc, pid);
    }
    const seconds = Math.max((now - this.#lastTime) / 1000, 1e-3);
    this.#lastTicks = nextTicks;
    this.#lastTime = now;
    return {
      cpuPercent: (ticks / CLOCK_TICKS_PER_SECOND / seconds) * 100,
      rssBytes,
      processes: members.size,
    };
  }

  #markedProcesses(): number[] {
    let names: string[];
    try {
      names = readdirSync(this.#proc);
    } catch {
      return [];
    }
    const marked: number[] = [];
    for (const name of names) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid === process.pid) continue;
      try {
        if (readFileSync(`${this.#proc}/${pid}/environ`, "latin1").includes(this.#needle)) marked.push(pid);
      } catch {
        // another user's process, or gone
      }
    }
    return marked;
  }
}

function childrenOf(proc: string, pid: number): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`${proc}/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of tids) {
    try {
      for (const word of readFileSync(`${proc}/${pid}/task/${tid}/children`, "latin1").split(" ")) {
        if (word !== "" && word !== "\n") children.push(Number(word));
      }
    } catch {
      // thread ended meanwhile
    }
  }
  return children;
}

function readStat(proc: string, pid: number): { state: string; cpuTicks: number } | undefined {
  try {
    const text = readFileSync(`${proc}/${pid}/stat`, "latin1");
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

function isAlive(proc: string, pid: number): boolean {
  const stat = readStat(proc, pid);
  return stat !== undefined && stat.state !== "Z" && stat.state !== "X";
}

function readRssBytes(proc: string, pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`${proc}/${pid}/status`, "latin1"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
