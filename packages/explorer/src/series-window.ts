/** A metric series cut to the x range a zoomed chart shows, then downsampled again. */
import type { MetricPoints } from "@prov4ml/exporter-prov";
import type { ChartAxis } from "./api-types.ts";
import { type Downsampled, downsampleMinMax, MAX_CHART_POINTS } from "./downsample.ts";

/** What a chart asks for: the axis it plots against and, when zoomed, the range on it. */
export interface SeriesWindow {
  axis: ChartAxis;
  from?: number;
  to?: number;
  buckets?: number;
}

/**
 * The points of `points` whose step (or timestamp, for `axis: "time"`) lies in `[from, to]`,
 * min/max-downsampled to `buckets`: zooming into 1 % of a 10^6-point series shows its 10^4 points
 * in full detail, not 1 % of the whole-series buckets. `shown` counts the points in range.
 */
export function seriesInWindow(points: MetricPoints, window: SeriesWindow): Downsampled & { shown: number } {
  const { steps, values, timestamps } = points;
  const buckets = window.buckets ?? MAX_CHART_POINTS;
  if (window.from === undefined && window.to === undefined)
    // the whole series: nothing to cut
    return { ...downsampleMinMax(steps, values, buckets, timestamps), shown: values.length };
  const from = window.from ?? Number.NEGATIVE_INFINITY;
  const to = window.to ?? Number.POSITIVE_INFINITY;
  const axisValues = window.axis === "time" ? timestamps : steps;
  const kept: number[] = [];
  for (let index = 0; index < axisValues.length; index++) {
    const at = axisValues[index]!;
    if (at >= from && at <= to) kept.push(index);
  }
  const whole = kept.length === axisValues.length;
  const pick = (column: Float64Array) =>
    whole ? column : Float64Array.from(kept, (index) => column[index]!);
  return { ...downsampleMinMax(pick(steps), pick(values), buckets, pick(timestamps)), shown: kept.length };
}

/** Reads `axis`, `from` and `to` from a query string; undefined when they do not parse. */
export function parseSeriesWindow(query: URLSearchParams): SeriesWindow | undefined {
  const axis = query.get("axis") ?? "step";
  if (axis !== "step" && axis !== "time") return undefined;
  const bound = (name: string) => {
    const text = query.get(name);
    if (text === null || text === "") return undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : Number.NaN;
  };
  const from = bound("from");
  const to = bound("to");
  if (Number.isNaN(from) || Number.isNaN(to)) return undefined;
  return { axis, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}
