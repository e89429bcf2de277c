import { describe, expect, it } from "vitest";
import { estimateDimmCount, ramPowerWatts } from "./ram-power-model.ts";

describe("CodeCarbon 3 RAM model", () => {
  it.each([
    [1, 1, 10],
    [8, 2, 10],
    [23.54, 4, 20],
    [32, 4, 20],
    [64, 4, 20],
    [128, 8, 38],
    [256, 8, 38],
    [512, 8, 38],
    [2048, 16, 70],
    [8192, 32, 126],
  ])("%d GB → %d DIMMs → %d W on x86", (gb, dimms, watts) => {
    expect(estimateDimmCount(gb)).toBe(dimms);
    expect(ramPowerWatts(gb, false)).toBeCloseTo(watts, 9);
  });

  it("uses 1.5 W per DIMM with a 3 W floor on ARM", () => {
    expect(ramPowerWatts(8, true)).toBe(3);
    expect(ramPowerWatts(32, true)).toBe(6);
  });
});
