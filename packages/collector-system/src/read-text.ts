import { readFile } from "node:fs/promises";

/** Reads a small procfs/sysfs/cgroup file; undefined when it cannot be read. */
export async function readTextOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The value of `key value` lines (memory.stat) or `Key: value kB` lines (meminfo), as a number. */
export function keyedNumber(text: string, key: string): number | undefined {
  const match = new RegExp(`^${key}:?\\s+(\\d+)`, "m").exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
