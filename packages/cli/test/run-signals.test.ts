/**
 * `prov4ml run` and signals, with real children (the machine's python3): SIGINT, SIGTERM and SIGHUP
 * reach the command; one that ignores them is killed after --grace; a SIGKILL of the wrapper leaves
 * a run that reads "not closed" and a command (and its children) that get SIGHUP from the watchdog,
 * not orphans.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  activityOf,
  isRunning,
  RUN_FIXTURES,
  readRun,
  runBin,
  startBin,
  tagsOf,
  waitForFile,
  waitUntil,
} from "./run-cli-process.ts";

const SIGNALS = join(RUN_FIXTURES, "signals.py");

/** Pids of the `prov4ml run` watchdogs (`/bin/sh -c … prov4ml-watchdog <pid> …`) watching `pid`. */
function watchdogsOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const argv = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
        return argv.includes("prov4ml-watchdog") && argv.includes(String(pid));
      } catch {
        return false;
      }
    })
    .map(Number);
}
const env = { MLFLOW_TRACKING_URI: "" };

/**
 * Starts `prov4ml run -- python3 signals.py` (or that under a shell, `underShell`) and waits for
 * the python3 process's handlers to be in place.
 */
async function startSignalled(options: string[], mode = "exit", underShell = false) {
  const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-signals-"));
  const ready = join(cwd, "ready");
  const log = join(cwd, "signals.log");
  const command = underShell ? ["sh", join(RUN_FIXTURES, "tree_under_sh.sh")] : ["python3", SIGNALS];
  const started = startBin(["run", "--no-carbon", ...options, "--", ...command, ready, log, mode], {
    cwd,
    env,
  });
  await waitForFile(ready);
  const childPid = Number(readFileSync(ready, "utf8"));
  return { ...started, cwd, log, childPid };
}

describe("prov4ml run forwards signals to the command", () => {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    it(`${signal}: the command gets it, the run ends KILLED, the wrapper exits 128 + ${constants.signals[signal]}`, async () => {
      const { child, result, cwd, log } = await startSignalled([]);
      child.kill(signal);
      const done = await result;
      expect(readFileSync(log, "utf8")).toBe(`${signal}\n`);
      expect(done.status).toBe(128 + constants.signals[signal]);
      const activity = activityOf(readRun(cwd).doc);
      expect(activity["prov4ml:status"]).toBe("KILLED");
      expect(tagsOf(activity)).toMatchObject({ forwarded_signal: signal, exit_signal: signal });
    });
  }

  it("a command that ignores the signal is killed after --grace: KILLED, exit 128 + 9", async () => {
    const { child, result, cwd, log, childPid } = await startSignalled(["--grace", "0.3"], "ignore");
    child.kill("SIGTERM");
    const done = await result;
    expect(readFileSync(log, "utf8")).toBe("SIGTERM\n");
    expect(done.status).toBe(128 + constants.signals.SIGKILL);
    expect(isRunning(childPid)).toBe(false);
    const tags = tagsOf(activityOf(readRun(cwd).doc));
    expect(tags).toMatchObject({ forwarded_signal: "SIGTERM", exit_signal: "SIGKILL" });
  });

  it("a SIGKILL of the wrapper: the command gets SIGHUP from the watchdog, the run reads 'not closed'", async () => {
    const { child, result, cwd, log, childPid } = await startSignalled([]);
    child.kill("SIGKILL");
    expect((await result).signal).toBe("SIGKILL");
    await waitUntil(() => !isRunning(childPid));
    expect(readFileSync(log, "utf8")).toBe("SIGHUP\n");
    const { dir } = readRun(cwd);
    const shown = await runBin(["show", dir], { cwd });
    expect(shown.status).toBe(0);
    expect(shown.out.toString()).toContain("not closed");
  });

  it("a SIGKILL of the wrapper: a command that carries on after SIGHUP gets it once, not twice", async () => {
    const { child, result, log, childPid } = await startSignalled([], "ignore");
    await waitUntil(() => watchdogsOf(childPid).length > 0);
    child.kill("SIGKILL");
    expect((await result).signal).toBe("SIGKILL");
    await waitUntil(() => watchdogsOf(childPid).length === 0); // the watchdog has sent all it sends
    try {
      expect(readFileSync(log, "utf8")).toBe("SIGHUP\n");
    } finally {
      process.kill(childPid, "SIGKILL");
    }
  });

  it("a SIGKILL of the wrapper: the command's children get SIGHUP too, none is left orphaned", async () => {
    const { child, result, log, childPid } = await startSignalled([], "exit", true);
    child.kill("SIGKILL");
    expect((await result).signal).toBe("SIGKILL");
    await waitUntil(() => !isRunning(childPid)); // the shell's child, python3
    expect(readFileSync(log, "utf8")).toBe("SIGHUP\n");
  });
});
