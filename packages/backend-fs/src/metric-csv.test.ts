import { expect, it } from "vitest";
import { chunkToCsvRows } from "./metric-csv.ts";

it("writes step,value,timestamp rows that round-trip every double, NaN and infinities", () => {
  const values = [
    0.1 + 0.2,
    -0,
    1e21,
    5e-324,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  const text = chunkToCsvRows({
    steps: Float64Array.from(values.map((_, i) => i)),
    values: Float64Array.from(values),
    timestamps: Float64Array.from([10, 10, 10, 11, 11, 12, 12]),
    length: values.length,
  });
  const rows = text
    .trimEnd()
    .split("\n")
    .map((line) => line.split(",").map(Number));
  expect(rows.map((row) => row[1])).toEqual(values.map((value) => (Object.is(value, -0) ? 0 : value)));
  expect(rows.map((row) => row[2])).toEqual([10, 10, 10, 11, 11, 12, 12]);
  expect(text.endsWith("\n")).toBe(true);
});
