import { parseMetricCsv } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { parsePythonList } from "./python-list.ts";

describe("parsePythonList", () => {
  it("reads numbers, numpy scalar reprs, nan and inf without eval", () => {
    const list = parsePythonList("[0.5, np.float64(1.25), nan, inf, -inf, 3, 1e-07, True]")!;
    expect(list.values).toEqual([
      0.5,
      1.25,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      3,
      1e-7,
      1,
    ]);
    expect(list.truncated).toBe(false);
    expect(list.nonNumeric).toBe(0);
  });

  it("flags numpy's ... truncation and keeps head and tail", () => {
    const list = parsePythonList("[0, 0, 0, ..., 4, 4, 4]")!;
    expect(list.values).toEqual([0, 0, 0, 4, 4, 4]);
    expect(list.truncated).toBe(true);
  });

  it("reads quoted and nested items as NaN and counts them", () => {
    const list = parsePythonList("['[False, True]', '[1, 2]', None, 7]")!;
    expect(list.values).toEqual([Number.NaN, Number.NaN, Number.NaN, 7]);
    expect(list.nonNumeric).toBe(3);
    expect(parsePythonList("[]")!.values).toEqual([]);
    expect(parsePythonList("not a list")).toBeUndefined();
  });
});

describe("parseMetricCsv", () => {
  it("reads prov4ml CSV with non-finite values and ignores a partial last line", () => {
    const points = parseMetricCsv(
      "step,value,timestamp\n0,0.5,1000\n1,NaN,1001\n2,Infinity,1002\n3,-Infinity,1003\n4,0.2",
    );
    expect([...points.steps]).toEqual([0, 1, 2, 3]);
    expect([...points.values]).toEqual([0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect([...points.timestamps]).toEqual([1000, 1001, 1002, 1003]);
  });

  it("skips yProv4ML's name,context,source first line", () => {
    const points = parseMetricCsv("loss,training,prov4ml\n0,1.5,10\n1,1.0,20\n");
    expect([...points.values]).toEqual([1.5, 1.0]);
  });
});
