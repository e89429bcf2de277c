import { describe, expect, it } from "vitest";
import { downsampleMinMax } from "./downsample.ts";

describe("downsampleMinMax", () => {
  it("keeps a short series whole", () => {
    expect(downsampleMinMax([0, 1, 2], [3, 1, 2], 10)).toEqual({
      x: [0, 1, 2],
      min: [3, 1, 2],
      max: [3, 1, 2],
    });
  });

  it("reduces a million points to at most the bucket count and keeps a single spike", () => {
    const n = 1_000_000;
    const steps = Float64Array.from({ length: n }, (_, i) => i);
    const values = new Float64Array(n).fill(1);
    values[123_457] = 99;
    const result = downsampleMinMax(steps, values, 2000);
    expect(result.x.length).toBeLessThanOrEqual(2000);
    expect(result.x.length).toBeGreaterThan(1900);
    expect(Math.max(...result.max)).toBe(99);
    expect(Math.min(...result.min)).toBe(1);
    expect(result.x[0]).toBe(0);
  });

  it("skips non-finite values", () => {
    expect(downsampleMinMax([0, 1], [Number.NaN, 5], 1)).toEqual({ x: [0], min: [5], max: [5] });
  });
});
