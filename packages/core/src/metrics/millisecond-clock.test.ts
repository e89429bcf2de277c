import { describe, expect, it } from "vitest";
import { startMillisecondClock } from "./millisecond-clock.ts";

describe("startMillisecondClock", () => {
  it("follows the system clock within a few milliseconds, also during a busy synchronous loop", async () => {
    const clock = startMillisecondClock();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(Math.abs(clock.now() - Date.now())).toBeLessThan(25);
      const start = Date.now();
      while (Date.now() - start < 60) {
        // busy: the event loop cannot run, the clock thread still ticks
      }
      expect(clock.now()).toBeGreaterThanOrEqual(start + 30);
    } finally {
      clock.close();
    }
  });
});
