/**
 * The fast tee of `prov4ml run` (Linux): the command writes into a kernel pipe, and a relay thread
 * (`relay-worker.ts`) reads it with blocking reads and writes it on — the main thread only applies
 * the records the relay finds and parses. It is about twice as fast as reading the socket pair `spawn`
 * makes on the event loop (see the bench), and a reader that goes away gives the command a real
 * SIGPIPE. Where it cannot be set up (no `mkfifo`, not Linux, the worker not built) it is undefined
 * and output-tee.ts does the work.
 */
import { randomBytes } from "node:crypto";
import { closeSync, constants, existsSync, fstatSync, openSync } from "node:fs";
import { join } from "node:path";
import { isatty } from "node:tty";
import { Worker } from "node:worker_threads";
import { openPipeEnds, wakeReader } from "./fifo.ts";
import type { Tee, TeeLog } from "./output-tee.ts";
import { BatchApplier } from "./record-batch.ts";
import type { RecordSink } from "./record-sink.ts";
import { type RelayMessage, RelaySlot, type RelayWorkerData } from "./relay-protocol.ts";

/** The built relay thread, next to the module that starts it (absent when run from src/). */
const WORKER_FILE = join(import.meta.dirname, "relay-worker.mjs");

export interface RelayOptions {
  /** The FIFO to read, made by `makeFifos`. */
  readonly fifo: string;
  /** The wrapper's own stdout (1) or stderr (2). */
  readonly outFd: 1 | 2;
  readonly logLimit: number;
  /** Scan for records (stdout only); they go to the sink given to `spawned`. */
  readonly scan: boolean;
  readonly quietProtocol?: boolean;
}

/** A relay running; give the command `childFd`, then call `spawned()`. */
export interface PipeRelay {
  /** The pipe's write end, for the command's stdio. */
  readonly childFd: number;
  /** The command has its copy (or failed to start, or never will): the wrapper's is closed. */
  spawned(sink?: RecordSink): void;
  readonly tee: Tee;
}

/** Whether a relay thread can run here (Linux, worker built) and write to `fd` with blocking writes. */
export function canRelay(fd: 1 | 2): boolean {
  return process.platform === "linux" && existsSync(WORKER_FILE) && destination(fd) !== undefined;
}

/**
 * A descriptor the relay can block on: a file or /dev/null as it is; a pipe reopened through
 * /proc (a description of its own, blocking, whatever Node made of the wrapper's). A socket or a
 * terminal may be non-blocking, and is left to the event loop.
 */
function destination(fd: 1 | 2): { fd: number; reopened: boolean } | undefined {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() || (stat.isCharacterDevice() && !isatty(fd))) return { fd, reopened: false };
    if (stat.isFIFO()) return { fd: openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY), reopened: true };
  } catch {}
  return undefined;
}

/** The relay thread, reading `readFd` and writing `outFd`, and the shared slots it reports through. */
function startRelayWorker(readFd: number, outFd: number, options: RelayOptions) {
  const control = new SharedArrayBuffer(RelaySlot.Bytes);
  const workerData: RelayWorkerData = {
    readFd,
    outFd,
    logLimit: options.logLimit,
    scan: options.scan,
    quiet: options.quietProtocol === true,
    control,
    wakeToken: randomBytes(16),
  };
  return {
    worker: new Worker(WORKER_FILE, { workerData, execArgv: [] }),
    wakeToken: workerData.wakeToken,
    flags: new Int32Array(control),
    lastData: new Float64Array(control, RelaySlot.LastDataByte, 1),
  };
}

export function startPipeRelay(options: RelayOptions): PipeRelay {
  const { readFd, writeFd } = openPipeEnds(options.fifo);
  const out = destination(options.outFd) ?? { fd: options.outFd, reopened: false };
  const { worker, wakeToken, flags, lastData } = startRelayWorker(readFd, out.fd, options);
  let spawnedAt = Date.now(); // "quiet since" before the first byte: since the command started
  let fallback: NodeJS.Timeout | undefined;
  let sink: RecordSink | undefined;
  let applier: BatchApplier | undefined;
  let log: TeeLog = { bytes: new Uint8Array(), omitted: 0, totalBytes: 0 };
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const finish = () => {
    if (fallback) clearTimeout(fallback);
    resolveDone();
  };
  worker.on("message", (message: RelayMessage) => {
    if (message.type === "done") {
      log = message;
      closeRead();
      finish();
      return;
    }
    if (sink) {
      applier ??= new BatchApplier(sink);
      applier.apply(message.batch);
    }
    Atomics.sub(flags, RelaySlot.BatchesInFlight, 1);
    Atomics.notify(flags, RelaySlot.BatchesInFlight);
  });
  let readOpen = true;
  const closeRead = () => {
    if (!readOpen) return;
    readOpen = false;
    closeSync(readFd);
    if (out.reopened) closeSync(out.fd);
  };
  worker.on("error", () => finish());
  worker.on("exit", () => {
    closeRead();
    finish();
  });
  let writeOpen = true;
  return {
    childFd: writeFd,
    spawned(recordSink) {
      sink ??= recordSink;
      if (!writeOpen) return;
      spawnedAt = Date.now();
      writeOpen = false;
      closeSync(writeFd);
    },
    tee: {
      log: () => log,
      done,
      stop() {
        Atomics.store(flags, RelaySlot.Stop, 1);
        Atomics.notify(flags, RelaySlot.BatchesInFlight);
        wakeReader(readFd, wakeToken);
        // The relay answers within a read; should it not, the run still ends (with the log so far).
        fallback ??= setTimeout(() => {
          worker.unref();
          resolveDone();
        }, 1000);
      },
      lastData: () => performance.now() - (Date.now() - Math.max(lastData[0] ?? 0, spawnedAt)),
    },
  };
}
