/**
 * Kernel pipes for `prov4ml run`, without a native module: named pipes (FIFOs) made by `mkfifo`
 * (coreutils) in a private directory. The command's output goes through a real pipe — a reader
 * that closes it gives the command SIGPIPE, as in a shell — and the wrapper can read it with
 * blocking reads on a thread of its own, which a socket pair from `spawn` does not allow.
 */
import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Makes FIFOs named `names` in a new 0700 directory; undefined when `mkfifo` is not there. */
export function makeFifos(names: readonly string[]): { dir: string; paths: string[] } | undefined {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-run-"));
  const paths = names.map((name) => join(dir, name));
  try {
    execFileSync("mkfifo", ["-m", "600", ...paths], { stdio: "ignore" });
    return { dir, paths };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/** Both ends of one anonymous pipe, made from a FIFO whose name is gone once they are open. */
export interface PipeEnds {
  /** The read end, blocking: for a thread that waits in `readSync`. */
  readonly readFd: number;
  /** The write end, for the command (close the wrapper's copy once the command has it). */
  readonly writeFd: number;
}

/** Opens both ends of the FIFO at `path` without blocking, then removes the name. */
export function openPipeEnds(path: string): PipeEnds {
  // A non-blocking reader first lets the writer open at once; the writer then lets a blocking
  // reader open at once; the first reader is not needed after that.
  const probe = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writeFd = openSync(path, constants.O_WRONLY);
  const readFd = openSync(path, constants.O_RDONLY);
  closeSync(probe);
  unlinkSync(path);
  return { readFd, writeFd };
}

/**
 * Wakes a thread blocked reading `readFd` (a daemon still holds the write end) with `token`,
 * written through /proc/self/fd (Linux) in one atomic write: the reader, told beforehand to stop,
 * passes on what came before the token and nothing after it.
 */
export function wakeReader(readFd: number, token: Uint8Array): void {
  try {
    const fd = openSync(`/proc/self/fd/${readFd}`, constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      writeSync(fd, token);
    } finally {
      closeSync(fd);
    }
  } catch {
    // already closed by the reader
  }
}
