import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { startMillisecondClock, startSharedMemoryClock } from "./millisecond-clock.ts";

describe("startMillisecondClock (the default for metric points)", () => {
  it("never differs from the system clock by more than 1 ms, even while other threads keep the cores busy", async () => {
    const source = `require("node:worker_threads").parentPort.postMessage("spinning"); for (;;) {}`;
    const burners = [0, 1, 2].map(() => new Worker(source, { eval: true, execArgv: [] }));
    await Promise.all(burners.map((burner) => new Promise((resolve) => burner.once("message", resolve))));
    const clock = startMillisecondClock();
    try {
      let worst = 0;
      for (let i = 0; i < 100_000; i++) {
        const before = Date.now();
        const stamped = clock.now();
        const after = Date.now();
        // a stamp read between two system readings lies between them
        if (stamped < before) worst = Math.max(worst, before - stamped);
        if (stamped > after) worst = Math.max(worst, stamped - after);
      }
      expect(worst).toBe(0);
    } finally {
      clock.close();
      await Promise.all(burners.map((burner) => burner.terminate()));
    }
  });
});

describe("startSharedMemoryClock (opt-in, for benches)", () => {
  it("follows the system clock within a few milliseconds, also during a busy synchronous loop", async () => {
    const clock = startSharedMemoryClock();
    try {
      // the thread publishes its first tick within a few ms; wait for a value it wrote, not a fixed time
      const first = clock.now();
      while (clock.now() === first) await new Promise((resolve) => setImmediate(resolve));
      // Whatever the load: after a check (every 256th read), a lagging clock is replaced by Date.now().
      for (let i = 0; i < 300; i++) clock.now();
      expect(Date.now() - clock.now()).toBeLessThanOrEqual(5 + 1);
      const start = Date.now();
      let reads = 0;
      while (Date.now() - start < 60) {
        // busy: the event loop cannot run; the clock thread still ticks (or, starved, is caught lagging)
        clock.now();
        reads++;
      }
      expect(reads).toBeGreaterThan(256);
      expect(clock.now()).toBeGreaterThanOrEqual(start + 30);
    } finally {
      clock.close();
    }
  });
});
