/**
 * The command is never left running unattended, even when the wrapper dies without a word
 * (SIGKILL, the OOM killer): a tiny `/bin/sh` watchdog holds a pipe from the wrapper, and when that
 * pipe closes without "done" — the wrapper is gone — it sends the command SIGHUP, and then every
 * process of its tree (found by the run's environment mark), as a closing terminal would to its job. It ignores the signals a terminal or scheduler sends the whole process group,
 * so it outlives the wrapper, and costs a sleeping shell and no polling.
 */
import { spawn } from "node:child_process";

/**
 * $1 the command's pid, $2 the run's environment mark (`PROV4ML_WRAPPED_RUN=…`): the command first,
 * then every process whose environment holds the mark — its children, and daemons that left.
 */
const SCRIPT = [
  `trap '' INT TERM HUP; read -r word; [ "$word" = done ] && exit 0`,
  `kill -HUP "$1" 2>/dev/null`,
  `for environ in /proc/[0-9]*/environ; do`,
  `  grep -qxzF -e "$2" "$environ" 2>/dev/null || continue`,
  `  pid=\${environ#/proc/}; pid=\${pid%/environ}; [ "$pid" = "$1" ] && continue`, // the command once
  `  kill -HUP "$pid" 2>/dev/null`,
  `done`,
].join("\n");

/** A running watchdog over the command. */
export interface Watchdog {
  /** The command has exited: the watchdog leaves quietly (its pid may be reused from now on). */
  disarm(): void;
}

/**
 * Watches over `pid` and the processes whose environment holds `mark` (`NAME=value`); without
 * /bin/sh there is no watchdog (the exit handler still sends SIGHUP).
 */
export function startWatchdog(pid: number, mark: string): Watchdog {
  let disarmed = false;
  try {
    const watchdog = spawn("/bin/sh", ["-c", SCRIPT, "prov4ml-watchdog", String(pid), mark], {
      stdio: ["pipe", "ignore", "ignore"],
    });
    watchdog.on("error", () => {});
    watchdog.stdin?.on("error", () => {});
    // Neither the watchdog nor its pipe keeps the wrapper alive.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return {
      disarm() {
        if (disarmed) return;
        disarmed = true;
        watchdog.stdin?.end("done\n");
      },
    };
  } catch {
    return { disarm() {} };
  }
}
