/**
 * The command is never left running unattended, even when the wrapper dies without a word
 * (SIGKILL, the OOM killer): a tiny `/bin/sh` watchdog holds a pipe from the wrapper, and when that
 * pipe closes without "done" — the wrapper is gone — it sends the command SIGHUP, as a closing
 * terminal would. It ignores the signals a terminal or scheduler sends the whole process group,
 * so it outlives the wrapper, and costs a sleeping shell and no polling.
 */
import { spawn } from "node:child_process";

const SCRIPT = `trap '' INT TERM HUP; read -r word; [ "$word" = done ] || kill -HUP "$1" 2>/dev/null`;

/** A running watchdog over the command. */
export interface Watchdog {
  /** The command has exited: the watchdog leaves quietly (its pid may be reused from now on). */
  disarm(): void;
}

/** Watches over `pid`; without /bin/sh there is no watchdog (the exit handler still sends SIGHUP). */
export function startWatchdog(pid: number): Watchdog {
  let disarmed = false;
  try {
    const watchdog = spawn("/bin/sh", ["-c", SCRIPT, "prov4ml-watchdog", String(pid)], {
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
