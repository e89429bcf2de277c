import type { MetricChunk, MetricSeriesKey } from "@prov4ml/core";

/** Builds a metric chunk from plain arrays (timestamps default to 1.7e12 + index). */
export function makeChunk(
  key: MetricSeriesKey,
  offset: number,
  values: readonly number[],
  steps: readonly number[] = values.map((_, index) => offset + index),
  timestamps: readonly number[] = values.map((_, index) => 1_700_000_000_000 + offset + index),
): MetricChunk {
  return {
    ...key,
    offset,
    length: values.length,
    steps: Float64Array.from(steps),
    values: Float64Array.from(values),
    timestamps: Float64Array.from(timestamps),
  };
}
