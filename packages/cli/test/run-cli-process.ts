/** Test helper: runs the built `prov4ml` bin as a real process (signals, exit codes, pipes). */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const BIN = join(import.meta.dirname, "..", "dist", "bin.mjs");
export const RUN_FIXTURES = join(import.meta.dirname, "run-fixtures");

export interface ProcessResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  out: Buffer;
  err: string;
}

export interface StartedProcess {
  child: ChildProcess;
  result: Promise<ProcessResult>;
}

/** Starts the built bin with these arguments, stdin closed, stdout and stderr captured. */
export function startBin(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): StartedProcess {
  return startCommand([process.execPath, BIN, ...args], options);
}

/** Starts any command line the same way. */
export function startCommand(
  [command, ...args]: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): StartedProcess {
  const child = spawn(command as string, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: Buffer[] = [];
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const result = new Promise<ProcessResult>((resolve) => {
    child.on("close", (status, signal) => resolve({ status, signal, out: Buffer.concat(out), err }));
  });
  return { child, result };
}

export function runBin(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<ProcessResult> {
  return startBin(args, options).result;
}

/** The PROV-JSON document of the only run under `<cwd>/prov`. */
export function readRun(cwd: string): {
  dir: string;
  doc: Record<string, Record<string, Record<string, unknown>>>;
} {
  const [runName] = readdirSync(join(cwd, "prov"));
  const dir = join(cwd, "prov", runName as string);
  const file = readdirSync(dir).find((name) => /^prov_.*\.json$/.test(name)) as string;
  return { dir, doc: JSON.parse(readFileSync(join(dir, file), "utf8")) };
}

export function attributeValue(attribute: unknown): unknown {
  return typeof attribute === "object" && attribute !== null && "$" in attribute
    ? (attribute as { $: unknown }).$
    : attribute;
}

/** Resolves once `condition` holds (checked every 20 ms): tests wait on conditions, never on time. */
export function waitUntil(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!condition()) return;
      clearInterval(timer);
      resolve();
    };
    const timer = setInterval(check, 20);
    check();
  });
}

export const waitForFile = (path: string) => waitUntil(() => existsSync(path));

/** Whether a process with this pid still runs (a zombie counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, "latin1"));
  } catch {
    return false;
  }
}

type ProvJson = ReturnType<typeof readRun>["doc"];

/** The run activity (`mls:Run`) of a PROV-JSON document. */
export function activityOf(doc: ProvJson): Record<string, unknown> {
  return Object.values(doc.activity ?? {}).find(
    (a) => attributeValue(a["prov:type"]) === "mls:Run",
  ) as Record<string, unknown>;
}

/** The run's tags, `prov4ml:tag` values `key=value`, as an object. */
export function tagsOf(activity: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    ([activity["prov4ml:tag"]].flat().filter(Boolean) as string[]).map((tag) => [
      tag.slice(0, tag.indexOf("=")),
      tag.slice(tag.indexOf("=") + 1),
    ]),
  );
}
