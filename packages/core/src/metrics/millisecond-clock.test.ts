import { describe, expect, it } from "vitest";
import { startMillisecondClock } from "./millisecond-clock.ts";

describe("startMillisecondClock", () => {
  it("follows the system clock within a few milliseconds, also during a busy synchronous loop", async () => {
    const clock = startMillisecondClock();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
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
