/** The last few series a zooming chart read, so each zoom re-downsamples from memory instead of re-reading the CSV. */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { MetricPoints, MetricSeriesView } from "@prov4ml/exporter-prov";

/** A 10^6-point series is 24 MB in memory: a few of them, not every series ever zoomed. */
const KEPT = 4;

const kept = new Map<MetricSeriesView, { stamp: string; points: MetricPoints }>();

/**
 * The points of `metric`, from memory while its file is unchanged (same size and modification
 * time; a live run's growing CSV is read again). Inline series (no file) change only with their
 * document, which makes a new view.
 */
export async function cachedPoints(metric: MetricSeriesView, baseDir: string): Promise<MetricPoints> {
  let stamp = "inline";
  if (metric.file !== undefined) {
    const info = await stat(resolve(baseDir, metric.file)).catch(() => undefined);
    if (info === undefined) return metric.load(); // deleted: let the reader say so
    stamp = `${info.size}:${info.mtimeMs}`;
  }
  const hit = kept.get(metric);
  if (hit !== undefined && hit.stamp === stamp) return hit.points;
  const points = await metric.load();
  kept.delete(metric);
  kept.set(metric, { stamp, points });
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return points;
}
