import { describe, expect, it } from "vitest";
import { describeSeries, formatNumber, summariseSeries } from "./series-summary.ts";

describe("summariseSeries", () => {
  it("summarises plain numeric lists", () => {
    expect(summariseSeries("[3, 1.5, -2, 8e-1]")).toEqual({
      points: 4,
      first: 3,
      last: 0.8,
      min: -2,
      max: 3,
      truncated: false,
    });
  });

  it("reads numpy reprs and notes lists numpy cut with '...'", () => {
    expect(summariseSeries("[np.float64(0.5), np.float64(2.0), ..., np.float64(1.0)]")).toEqual({
      points: 3,
      first: 0.5,
      last: 1,
      min: 0.5,
      max: 2,
      truncated: true,
    });
  });

  it("reads the decimal forms Python writes, and refuses what is not one", () => {
    expect(summariseSeries("[1., .5, +.5e3, -2E-2, nan, -inf, Infinity]")).toMatchObject({
      points: 7,
      first: 1,
      min: Number.NEGATIVE_INFINITY,
      max: Number.POSITIVE_INFINITY,
    });
    for (const item of ["1e", "-", ".", "1e5x", "0x10", "1_0", "1.2.3", "e5", "--1"])
      expect(summariseSeries(`[1, ${item}]`), item).toBeUndefined();
  });

  it("trims every kind of white space around items, as String.trim does", () => {
    expect(summariseSeries("[ 1 ,\t2\n,\u00a03\u00a0]")).toMatchObject({ points: 3, first: 1, last: 3 });
  });

  it("leaves anything else alone", () => {
    expect(summariseSeries("[a, b]")).toBeUndefined();
    expect(summariseSeries("not a list")).toBeUndefined();
    expect(summariseSeries("[]")).toBeUndefined();
  });

  it("keeps timestamps whole and other numbers short", () => {
    expect(formatNumber(1721910181209)).toBe("1721910181209");
    expect(formatNumber(0.123456789)).toBe("0.123457");
    expect(describeSeries({ points: 2, first: 1, last: 2, min: 1, max: 2, truncated: true })).toBe(
      "2 points: first 1, last 2, min 1, max 2 (list cut by its writer)",
    );
  });
});
