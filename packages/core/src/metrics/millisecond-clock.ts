import { Worker } from "node:worker_threads";

/** Epoch milliseconds for metric timestamps. */
export interface MillisecondClock {
  now(): number;
  close(): void;
}

/**
 * The thread behind the clock: it writes `Date.now()` into shared memory every millisecond,
 * sleeping in `Atomics.wait` (no event loop, a few microseconds of work per tick). It keeps
 * ticking while the training thread is busy, so a tight synchronous loop still gets current times.
 */
const CLOCK_SOURCE = `
const { workerData } = require("node:worker_threads");
const now = new Float64Array(workerData, 0, 1);
const stop = new Int32Array(workerData, 8, 1);
for (;;) {
  now[0] = Date.now();
  if (Atomics.wait(stop, 0, 0, 1) !== "timed-out") break;
}
`;

/**
 * A clock read from memory instead of the system: `Date.now()` costs tens of nanoseconds on
 * virtual machines, a typed-array read about one, and `logMetric` stamps every point. Values lag
 * the system clock by at most a tick (1 ms) plus the thread's scheduling delay. Falls back to
 * `Date.now()` when a worker thread cannot be started.
 */
export function startMillisecondClock(): MillisecondClock {
  const shared = new SharedArrayBuffer(16);
  const now = new Float64Array(shared, 0, 1);
  const stop = new Int32Array(shared, 8, 1);
  now[0] = Date.now();
  let worker: Worker;
  try {
    // execArgv: [] so that a parent started with --input-type=module does not make it an ES module.
    worker = new Worker(CLOCK_SOURCE, { eval: true, workerData: shared, execArgv: [] });
  } catch {
    return { now: Date.now, close() {} };
  }
  worker.unref();
  worker.on("error", () => undefined);
  return {
    now: () => now[0]!,
    close() {
      Atomics.store(stop, 0, 1);
      Atomics.notify(stop, 0);
    },
  };
}

/** The system clock, for runs that ask for it (`StartRunOptions.clock: "system"`). */
export const systemClock: MillisecondClock = { now: Date.now, close() {} };
