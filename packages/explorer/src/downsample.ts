/** Server-side downsampling: a chart never needs more points than it has pixel columns. */

/** The default bucket count: more than any chart's width in pixels. */
export const MAX_CHART_POINTS = 2000;

/** Min and max of each bucket of a series, with the step where the bucket starts. */
export interface Downsampled {
  x: number[];
  min: number[];
  max: number[];
  /** Epoch milliseconds at the start of each bucket (null where none was recorded); only when `times` is given. */
  t?: Array<number | null>;
}

/**
 * Cuts a series into at most `buckets` equal runs of points and keeps each run's minimum and
 * maximum, so spikes survive (an average would hide them). Series no longer than `buckets` come
 * back whole (min = max). Non-finite values are skipped. With `times`, each bucket also keeps the
 * timestamp of its first point (`t`), so a chart can put time on its x axis.
 */
export function downsampleMinMax(
  steps: ArrayLike<number>,
  values: ArrayLike<number>,
  buckets: number = MAX_CHART_POINTS,
  times?: ArrayLike<number>,
): Downsampled {
  const length = Math.min(steps.length, values.length);
  const size = Math.max(1, Math.ceil(length / Math.max(1, Math.floor(buckets))));
  const out: Downsampled = { x: [], min: [], max: [], ...(times === undefined ? {} : { t: [] }) };
  for (let start = 0; start < length; start += size) {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    const end = Math.min(length, start + size);
    for (let index = start; index < end; index++) {
      const value = values[index]!;
      if (!Number.isFinite(value)) continue;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    if (low > high) continue;
    const step = steps[start]!;
    out.x.push(Number.isFinite(step) ? step : start);
    out.min.push(low);
    out.max.push(high);
    if (out.t !== undefined) {
      const time = times![start];
      out.t.push(time !== undefined && Number.isFinite(time) ? time : null);
    }
  }
  return out;
}
