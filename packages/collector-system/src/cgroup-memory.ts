import { join } from "node:path";
import { keyedNumber, readTextOrUndefined } from "./read-text.ts";

/** Where a process's memory limit lives, found once per run. */
export interface CgroupMemoryFiles {
  readonly version: 1 | 2;
  /** The cgroup directory holding the limit (the process's own, or the nearest limited ancestor). */
  readonly directory: string;
  readonly limitFile: string;
  readonly usageFile: string;
  readonly statFile: string;
  /** `inactive_file` (v2) or `total_inactive_file` (v1): page cache the kernel reclaims first. */
  readonly inactiveKey: string;
}

/** One reading of a cgroup's memory. */
export interface CgroupMemoryReading {
  readonly limitBytes: number;
  /** Usage minus inactive page cache, as `docker stats` and the kubelet count it. */
  readonly usedBytes: number;
}

/** cgroup v1 writes a page-rounded 2^63 − 1 for "no limit". */
const V1_UNLIMITED = 2 ** 62;

/**
 * Finds the memory cgroup of this process from `<procRoot>/self/cgroup`, for cgroup v2 (unified) or
 * v1, walking up to the nearest ancestor that has a limit. Undefined: no cgroup, or none is limited.
 */
export async function findCgroupMemory(
  procRoot: string,
  cgroupRoot: string,
): Promise<CgroupMemoryFiles | undefined> {
  const membership = await readTextOrUndefined(join(procRoot, "self", "cgroup"));
  if (membership === undefined) return undefined;
  for (const line of membership.split("\n")) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line.trim()) ?? [];
    if (path === undefined || controllers === undefined) continue;
    if (controllers === "") {
      const found = await limitedAncestor(cgroupRoot, path, "memory.max");
      if (found) return v2Files(found);
    } else if (controllers.split(",").includes("memory")) {
      const found = await limitedAncestor(join(cgroupRoot, "memory"), path, "memory.limit_in_bytes");
      if (found) return v1Files(found);
    }
  }
  return undefined;
}

/** Reads usage and limit; undefined when the files disappeared or hold no number. */
export async function readCgroupMemory(files: CgroupMemoryFiles): Promise<CgroupMemoryReading | undefined> {
  const [limitText, usageText, statText] = await Promise.all([
    readTextOrUndefined(files.limitFile),
    readTextOrUndefined(files.usageFile),
    readTextOrUndefined(files.statFile),
  ]);
  const limitBytes = limitOf(limitText);
  const usage = Number(usageText?.trim());
  if (limitBytes === undefined || usageText === undefined || !Number.isFinite(usage)) return undefined;
  const inactive = statText === undefined ? 0 : (keyedNumber(statText, files.inactiveKey) ?? 0);
  return { limitBytes, usedBytes: Math.max(0, usage - inactive) };
}

/**
 * The process's cgroup directory, or the nearest ancestor with a limit. Inside a container with a
 * cgroup namespace the path in /proc/self/cgroup is `/` and the mount root is the container's cgroup.
 */
async function limitedAncestor(
  mount: string,
  cgroupPath: string,
  limitFileName: string,
): Promise<string | undefined> {
  const parts = cgroupPath.split("/").filter((p) => p !== "" && p !== "..");
  for (let depth = parts.length; depth >= 0; depth--) {
    const directory = join(mount, ...parts.slice(0, depth));
    if (limitOf(await readTextOrUndefined(join(directory, limitFileName))) !== undefined) return directory;
  }
  return undefined;
}

function limitOf(text: string | undefined): number | undefined {
  const trimmed = text?.trim();
  if (trimmed === undefined || trimmed === "" || trimmed === "max") return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) && value > 0 && value < V1_UNLIMITED ? value : undefined;
}

function v2Files(directory: string): CgroupMemoryFiles {
  return {
    version: 2,
    directory,
    limitFile: join(directory, "memory.max"),
    usageFile: join(directory, "memory.current"),
    statFile: join(directory, "memory.stat"),
    inactiveKey: "inactive_file",
  };
}

function v1Files(directory: string): CgroupMemoryFiles {
  return {
    version: 1,
    directory,
    limitFile: join(directory, "memory.limit_in_bytes"),
    usageFile: join(directory, "memory.usage_in_bytes"),
    statFile: join(directory, "memory.stat"),
    inactiveKey: "total_inactive_file",
  };
}
