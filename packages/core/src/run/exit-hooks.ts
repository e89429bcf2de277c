/**
 * Closing runs when the process ends. Signals and exit events are process-wide, so this module
 * keeps the one process-wide list of runs that asked to be closed on exit; listeners are
 * installed while at least one such run is open and removed afterwards.
 *
 * - normal end of the event loop (`beforeExit`): FINISHED
 * - `process.exit()` without `endRun` (`exit`): FINISHED for code 0, FAILED otherwise, closed with
 *   synchronous I/O (`Run.endRunSync`): the points in memory appended, the final document written;
 *   artifacts and samples still pending are not waited for
 * - SIGINT / SIGTERM: KILLED, then the signal's default behaviour (exit 130 / 143) unless the
 *   application has its own listener for it
 * - an uncaught exception: FAILED, the error printed as Node would, exit code 1 (unless the
 *   application has its own `uncaughtException` handler, which then decides)
 */
import type { EndRunOptions, EndRunResult } from "./options.ts";

export interface ClosableRun {
  readonly isActive: boolean;
  endRun(options?: EndRunOptions): Promise<EndRunResult>;
  endRunSync(status: "FINISHED" | "FAILED"): void;
}

const openRuns = new Set<ClosableRun>();
const SIGNAL_EXIT_TIMEOUT_MS = 10_000;
let installed = false;

export function closeOnExit(run: ClosableRun): void {
  openRuns.add(run);
  if (!installed) install();
}

export function forgetOnExit(run: ClosableRun): void {
  openRuns.delete(run);
  if (openRuns.size === 0 && installed) uninstall();
}

function endAll(status: "FINISHED" | "FAILED" | "KILLED", timeoutMs?: number): Promise<unknown> {
  const runs = [...openRuns].filter((run) => run.isActive);
  return Promise.allSettled(runs.map((run) => run.endRun({ status, timeoutMs, ignoreLateCalls: true })));
}

const onBeforeExit = () => {
  void endAll("FINISHED");
};

const onExit = (code: number) => {
  const status = code === 0 ? "FINISHED" : "FAILED";
  for (const run of [...openRuns]) {
    if (!run.isActive) continue;
    try {
      run.endRunSync(status);
    } catch (error) {
      // Last words of the process: say what could not be closed rather than lose it silently.
      console.error(`prov4ml: could not close the run at process exit: ${(error as Error).message}`);
    }
  }
};

function onSignal(signal: NodeJS.Signals) {
  const othersListen = process.listenerCount(signal) > 1;
  void endAll("KILLED", SIGNAL_EXIT_TIMEOUT_MS).finally(() => {
    if (othersListen) return;
    uninstall();
    process.kill(process.pid, signal);
  });
}

const onUncaught = (error: Error) => {
  // An application with its own handler decides whether the process goes on: leave it alone.
  if (process.listenerCount("uncaughtException") > 1) return;
  void endAll("FAILED", SIGNAL_EXIT_TIMEOUT_MS).finally(() => {
    console.error(error);
    process.exit(1);
  });
};

function install() {
  installed = true;
  process.on("beforeExit", onBeforeExit);
  process.on("exit", onExit);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("uncaughtException", onUncaught);
}

function uninstall() {
  installed = false;
  process.off("beforeExit", onBeforeExit);
  process.off("exit", onExit);
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  process.off("uncaughtException", onUncaught);
}
