/**
 * Child Node processes running a training script against the built packages: the faults (kills,
 * signals, full disks) must hit a real process, not the test worker.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TrainingChild {
  readonly process: ChildProcess;
  /** Everything the child printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` on stdout; rejects if the child exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  readonly exit: Promise<ChildExit>;
  kill(signal: NodeJS.Signals): void;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A shell command prefix run before node (e.g. `ulimit -f 64;`); the script then runs via bash. */
  shellPrefix?: string;
  args?: string[];
}

/** The test's environment without MLflow settings, so the facade only writes the run directory. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("MLFLOW_") && key !== "PROV4ML_MLFLOW_SAVE_DIR") env[key] = value;
  }
  return { ...env, ...extra };
}

/** Writes `source` to a temporary `.mjs` file and runs it with the current Node. */
export function spawnScript(source: string, options: ChildOptions = {}): TrainingChild {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-fault-child-"));
  const file = join(dir, "train.mjs");
  writeFileSync(file, source);
  const args = [file, ...(options.args ?? [])];
  const proc = options.shellPrefix
    ? spawn("bash", ["-c", `${options.shellPrefix} exec "$0" "$@"`, process.execPath, ...args], {
        cwd: options.cwd,
        env: options.env ?? childEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      })
    : spawn(process.execPath, args, {
        cwd: options.cwd,
        env: options.env ?? childEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
  let out = "";
  let err = "";
  const listeners = new Set<() => void>();
  proc.stdout!.on("data", (data) => {
    out += data;
    for (const listener of listeners) listener();
  });
  proc.stderr!.on("data", (data) => {
    err += data;
  });
  const exit = new Promise<ChildExit>((resolvePromise) => {
    proc.on("close", (code, signal) => resolvePromise({ code, signal }));
  });
  let exited = false;
  void exit.then(() => {
    exited = true;
    for (const listener of listeners) listener();
  });
  return {
    process: proc,
    stdout: () => out,
    stderr: () => err,
    exit,
    kill: (signal) => proc.kill(signal),
    waitFor(pattern, timeoutMs = 240_000) {
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`child did not print ${pattern} within ${timeoutMs} ms; stderr:\n${err}`));
        }, timeoutMs);
        const check = () => {
          const match = pattern.exec(out);
          if (match) {
            clearTimeout(timer);
            listeners.delete(check);
            resolvePromise(match);
          } else if (exited) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`child exited before printing ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolvePromise) => setTimeout(resolvePromise, ms));

/** Polls until `condition` holds; the test's timeout is the overall limit (a busy machine is only slower). */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(50);
}
