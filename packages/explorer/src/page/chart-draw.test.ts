import { describe, expect, it } from "vitest";
import { frameForAll, nearestIndex, pixelX } from "./chart-draw.ts";

describe("frameForAll", () => {
  it("spans every series: the widest x range and the lowest and highest values", () => {
    const frame = frameForAll(
      [
        { x: [0, 10], min: [1, 2], max: [3, 4] },
        { x: [5, 30], min: [-1, 0], max: [2, 2] },
      ],
      false,
    );
    expect(frame).toEqual({ xLow: 0, xHigh: 30, yLow: -1, yHigh: 4, log: false });
  });

  it("leaves out a series with nothing to draw, and is undefined when none has", () => {
    const empty = { x: [], min: [], max: [] };
    expect(frameForAll([empty, { x: [2], min: [5], max: [5] }], false)).toEqual({
      xLow: 2,
      xHigh: 2,
      yLow: 4.5,
      yHigh: 5.5,
      log: false,
    });
    expect(frameForAll([empty], false)).toBeUndefined();
    expect(frameForAll([{ x: [0], min: [-1], max: [0] }], true)).toBeUndefined(); // nothing > 0 on a log scale
  });
});

describe("nearestIndex", () => {
  it("finds the bucket nearest a pixel column", () => {
    const data = { x: [0, 10, 20], min: [0, 0, 0], max: [1, 1, 1] };
    const frame = frameForAll([data], false)!;
    expect(nearestIndex(data, frame, pixelX(frame, 12))).toBe(1);
    expect(nearestIndex(data, frame, pixelX(frame, 19))).toBe(2);
    expect(nearestIndex(data, frame, 0)).toBe(0);
  });
});
