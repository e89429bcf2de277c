/**
 * The regular-file shortcut of `prov4ml run` (`prov4ml run -- cmd > out.log`): the command writes
 * the wrapper's own file directly — no pipe, no copy through the wrapper, so it runs as fast as
 * without it. The wrapper reads the file on its own description (Linux: /proc/self/fd): stdout is
 * followed while the command runs, to apply its `prov4ml:` records live, and the bounded log is
 * read from the file at the end — its head and tail only, whatever the size.
 */
import { closeSync, constants, fstatSync, openSync, read, readSync } from "node:fs";
import { promisify } from "node:util";
import { joinKept, keptShares } from "./bounded-log.ts";
import { LineScanner } from "./line-scanner.ts";
import type { Tee, TeeLog } from "./output-tee.ts";
import type { RecordSink } from "./record-sink.ts";

const readAt = promisify(read);
/** How often a followed file is checked for new bytes: records show up within this. */
const POLL_MS = 100;
/** One read while following: large, so a flood into the file costs few calls. */
const READ_SIZE = 1024 * 1024;

/** A regular file the wrapper can read back: where the command's own bytes start in it. */
export interface FollowableFile {
  readonly fd: 1 | 2;
  /** The file's size before the command started: its bytes come after (`>>` appends). */
  readonly start: number;
  readonly dev: number;
  readonly ino: number;
}

/** Whether descriptor `fd` is a regular file that can be read back; undefined when not. */
export function followableFile(fd: 1 | 2): FollowableFile | undefined {
  if (process.platform !== "linux") return undefined; // /proc/self/fd opens a description of its own
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    closeSync(openSync(`/proc/self/fd/${fd}`, constants.O_RDONLY)); // readable by us?
    return { fd, start: stat.size, dev: stat.dev, ino: stat.ino };
  } catch {
    return undefined;
  }
}

/** A file's tee: also told when nobody writes the file any more (there is no end of stream). */
export interface FileTee extends Tee {
  /** The command and its tree are gone: read what is left and end. */
  writersGone(): void;
}

export interface FollowOptions {
  readonly logLimit: number;
  /** Apply stdout's records while the command runs. */
  readonly sink?: RecordSink;
}

/** Follows `file` from its start offset; without a sink it is only read at the end. */
export function followFile(file: FollowableFile, options: FollowOptions): FileTee {
  const readFd = openSync(`/proc/self/fd/${file.fd}`, constants.O_RDONLY);
  const sink = options.sink;
  const scanner = sink
    ? new LineScanner({
        quiet: false,
        onRecordLine: (bytes, start, end) => sink.acceptProtocolLine(bytes, start, end),
        onOverlong: () => sink.countOverlong(),
      })
    : undefined;
  const buffer = scanner ? Buffer.allocUnsafe(READ_SIZE) : undefined;
  let position = file.start;
  let last = performance.now();
  let size = file.start;
  let pumping: Promise<void> = Promise.resolve();
  let log: TeeLog = { bytes: new Uint8Array(), omitted: 0, totalBytes: 0 };
  const pump = async () => {
    if (!(scanner && buffer)) return;
    for (;;) {
      const { bytesRead } = await readAt(readFd, buffer, 0, READ_SIZE, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      scanner.feed(buffer.subarray(0, bytesRead));
    }
  };
  let busy = false;
  const check = () => {
    const now = fstatSync(readFd).size;
    if (now !== size) last = performance.now();
    size = now;
    if (busy || !scanner) return;
    busy = true;
    pumping = pump()
      .catch(() => {})
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(check, POLL_MS);
  timer.unref();
  let ending: Promise<void> | undefined;
  const end = () => {
    clearInterval(timer);
    ending ??= pumping
      .then(pump)
      .catch(() => {})
      .then(() => {
        scanner?.end();
        log = readKept(readFd, file.start, options.logLimit);
        closeSync(readFd);
      });
    return ending;
  };
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const finish = () => void end().then(resolveDone, resolveDone);
  return {
    log: () => log,
    done,
    writersGone: finish,
    stop: finish,
    lastData: () => last,
  };
}

/** The head and tail of the file from `start`, `limit` bytes at most, read at the end. */
function readKept(fd: number, start: number, limit: number): TeeLog {
  const size = fstatSync(fd).size;
  const totalBytes = Math.max(0, size - start); // a command that truncated its file left less
  const slice = (from: number, length: number): Buffer => {
    const bytes = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, bytes, got, length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return bytes.subarray(0, got);
  };
  if (totalBytes <= limit) return { bytes: slice(start, totalBytes), omitted: 0, totalBytes };
  const shares = keptShares(limit);
  const omitted = totalBytes - limit;
  const bytes = joinKept([slice(start, shares.head)], [slice(size - shares.tail, shares.tail)], omitted);
  return { bytes, omitted, totalBytes };
}
