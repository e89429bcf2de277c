import { Worker } from "node:worker_threads";

/** Epoch milliseconds for metric timestamps. */
export interface MillisecondClock {
  now(): number;
  close(): void;
}

/** The system clock: `Date.now()` for every point. */
export const systemClock: MillisecondClock = { now: () => Date.now(), close() {} };

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

/** The lag beyond which the shared clock is not trusted for a while. */
const MAX_LAG_MS = 5;

/**
 * The clock a run stamps metric points with by default: the system clock (`Date.now()`).
 *
 * Why not the shared-memory clock below: its values lag the system clock by a tick plus the
 * thread's scheduling delay, tens of milliseconds on a busy machine, while contexts and the run
 * are stamped with `Date.now()`; points then appear generated before their context started and
 * `prov4ml validate` flags our own documents. It cannot promise ≤ 1 ms, so correctness wins:
 * `Date.now()` costs tens of nanoseconds, small beside the rest of `logMetric`.
 */
export function startMillisecondClock(): MillisecondClock {
  return systemClock;
}

/**
 * A clock read from memory instead of the system (a typed-array read instead of `Date.now()`).
 * Not used by default (see `startMillisecondClock`): a run opts in with `clock: "shared"`.
 * Values lag the system clock by a tick (1 ms) plus the thread's scheduling delay; every 256th
 * read checks that lag and, beyond 5 ms, switches to `Date.now()` for a while. Falls back to
 * `Date.now()` altogether when a worker thread cannot be started.
 */
export function startSharedMemoryClock(): MillisecondClock {
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
  // On a starved machine the thread can fall behind (tens of ms under heavy load). Every 256th
  // read is checked against the system clock; when it lags, the next 4096 reads use Date.now().
  let reads = 0;
  let systemUntil = 0;
  return {
    now: () => {
      reads++;
      if (reads < systemUntil) return Date.now();
      if ((reads & 255) === 0) {
        const system = Date.now();
        if (system - now[0]! > MAX_LAG_MS) {
          systemUntil = reads + 4096;
          return system;
        }
      }
      return now[0]!;
    },
    close() {
      Atomics.store(stop, 0, 1);
      Atomics.notify(stop, 0);
    },
  };
}
