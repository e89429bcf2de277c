import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** Static facts about the CPU that the TDP model needs. */
export interface CpuInfo {
  /** Brand string (`/proc/cpuinfo` "model name"), "" when unknown. */
  readonly model: string;
  /** Logical CPUs (psutil `cpu_count()`). */
  readonly threads: number;
  /** Physical packages (lscpu "Socket(s)"), 1 when unknown. */
  readonly sockets: number;
}

/** Reads model, thread count and sockets without spawning a process. */
export function detectCpuInfo(cpuinfoPath = "/proc/cpuinfo"): CpuInfo {
  const all = cpus();
  const model = (all[0]?.model ?? "").trim();
  return { model, threads: Math.max(all.length, 1), sockets: countSockets(cpuinfoPath) };
}

function countSockets(cpuinfoPath: string): number {
  if (process.platform !== "linux") return 1;
  try {
    const ids = new Set<string>();
    for (const match of readFileSync(cpuinfoPath, "latin1").matchAll(/^physical id\s*:\s*(\d+)/gm)) {
      ids.add(match[1] as string);
    }
    return Math.max(ids.size, 1);
  } catch {
    return 1;
  }
}
