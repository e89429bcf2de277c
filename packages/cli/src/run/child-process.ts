/**
 * Starts the wrapped command and reports how it ended. Signals the wrapper receives (SIGINT,
 * SIGTERM, SIGHUP) go on to the child; after the grace period the whole tree is killed. A Ctrl-C
 * at a terminal already reaches the child (same process group), so SIGINT is not sent twice then.
 * Should the wrapper die anyway, the exit handler — or, after a SIGKILL, the watchdog — sends SIGHUP
 * to the command and then to the rest of its tree.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { constants } from "node:os";
import { isatty } from "node:tty";
import { startWatchdog } from "./watchdog.ts";

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The command could not be started (ENOENT, EACCES). */
  readonly spawnError?: NodeJS.ErrnoException;
  /** The signal the wrapper received and passed on, if any. */
  readonly forwarded?: NodeJS.Signals;
}

export interface StartChildOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** What the command's stdout and stderr are: the wrapper's own, a socket pair, a pipe's end. */
  readonly stdio: {
    readonly stdout: "inherit" | "pipe" | number;
    readonly stderr: "inherit" | "pipe" | number;
  };
  /** Give the command the events channel as descriptor 3. */
  readonly eventsDescriptor: boolean;
  readonly graceMs: number;
  /** Sends a signal to what is left of the tree: SIGKILL after the grace period, SIGHUP at exit. */
  /** Signals every process of the command's tree but `except` (one that was signalled already). */
  readonly signalTree: (signal: NodeJS.Signals, except?: number) => void;
  /** The run's environment mark (`NAME=value`) in the command's environment, for the watchdog. */
  readonly mark: string;
}

const FORWARDED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export interface StartedChild {
  readonly child: ChildProcess;
  readonly exited: Promise<ChildExit>;
}

export function startChild(options: StartChildOptions): StartedChild {
  // The handlers go in before the child starts: a signal in between (a busy machine can deschedule
  // us right after the spawn, while the child already runs) must be forwarded, not kill the wrapper.
  let child: ChildProcess | undefined;
  let forwarded: NodeJS.Signals | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    forwarded ??= signal;
    const terminalSentIt = signal === "SIGINT" && isatty(0);
    if (!terminalSentIt && child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    graceTimer ??= setTimeout(() => options.signalTree("SIGKILL"), options.graceMs);
  };
  // The wrapper dying for another reason must not leave the child running unattended.
  const onExit = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGHUP");
    options.signalTree("SIGHUP", child?.pid); // the command once: a program may reload on SIGHUP
  };
  for (const signal of FORWARDED) process.on(signal, onSignal);
  process.on("exit", onExit);
  const started = spawn(options.command, [...options.args], {
    stdio: ["inherit", options.stdio.stdout, options.stdio.stderr, "pipe"],
    env: options.env,
  });
  child = started;
  const watchdog = started.pid === undefined ? undefined : startWatchdog(started.pid, options.mark);
  const exited = new Promise<ChildExit>((resolve) => {
    const done = (exit: ChildExit) => {
      watchdog?.disarm();
      for (const signal of FORWARDED) process.off(signal, onSignal);
      process.off("exit", onExit);
      if (graceTimer) clearTimeout(graceTimer);
      resolve(forwarded ? { ...exit, forwarded } : exit);
    };
    started.once("error", (error: NodeJS.ErrnoException) => {
      if (started.pid === undefined) done({ code: null, signal: null, spawnError: error });
    });
    started.once("exit", (code, signal) => done({ code, signal }));
  });
  return { child: started, exited };
}

/** The wrapper's own exit status: the child's, 128 + n for signal n, 127/126 when it never ran. */
export function exitStatusOf(exit: ChildExit): number {
  if (exit.spawnError) return exit.spawnError.code === "ENOENT" ? 127 : 126;
  if (exit.signal) return 128 + (constants.signals[exit.signal] ?? 0);
  return exit.code ?? 1;
}

/** FINISHED for 0, KILLED for a signal (the child's or one passed on), FAILED otherwise. */
export function runStatusOf(exit: ChildExit): "FINISHED" | "FAILED" | "KILLED" {
  if (exit.spawnError) return "FAILED";
  if (exit.signal || exit.forwarded) return "KILLED";
  return exit.code === 0 ? "FINISHED" : "FAILED";
}

/** One line saying why a command could not start. */
export function spawnFailure(command: string, error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return `command not found: ${command} (check the name and PATH)`;
  if (error.code === "EACCES") return `permission denied: ${command} (is it executable?)`;
  return `could not start ${command}: ${error.message}`;
}
