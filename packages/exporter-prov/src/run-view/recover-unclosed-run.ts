import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  eventJournalName,
  metricsDirName,
  parseEventJournal,
  seriesKeyOfMetricStem,
  TERMS,
} from "@prov4ml/core";
import { loadMetricCsv } from "./metric-file.ts";
import { setOwn } from "./set-own.ts";
import type { MetricSeriesView, PlainValue, RunView } from "./types.ts";

/**
 * A run that was never closed (its document still says RUNNING: the process was killed) has a
 * provisional document that may predate its last series and params. Those are in the files the
 * backend appended meanwhile: the metric CSVs and the event journal. This folds them in, each
 * noted in `repairs`.
 */
export async function recoverUnclosedRun(view: RunView, runDir: string): Promise<RunView> {
  const rank =
    typeof view.attributes["prov4ml:global_rank"] === "number" ? view.attributes["prov4ml:global_rank"] : 0;
  const repairs = [...view.repairs];
  const metrics = [...view.metrics];
  const known = new Set(metrics.map((metric) => metric.file));
  const metricsDir = metricsDirName(rank);
  const files = await readdir(join(runDir, metricsDir)).catch(() => [] as string[]);
  for (const file of files.sort()) {
    const relative = `${metricsDir}/${file}`;
    if (!file.endsWith(`_GR${rank}.csv`) || known.has(relative)) continue;
    const series = seriesFromFileName(file.slice(0, -`_GR${rank}.csv`.length), relative, runDir);
    metrics.push(series);
    repairs.push(
      `metric ${series.context}/${series.name} recovered from ${relative} (logged after the last checkpoint)`,
    );
  }

  // The provisional document's summaries are stale: recount every series from its file.
  const recounted = await Promise.all(
    metrics.map((metric) => (metric.file ? withFileStats(metric) : metric)),
  );

  const params: Record<string, PlainValue> = { ...view.params };
  const journal = await readFile(join(runDir, eventJournalName(rank)), "utf8").catch(() => "");
  for (const event of parseEventJournal(journal) as {
    type?: string;
    key?: string;
    rawValue?: PlainValue;
  }[]) {
    if (event.type !== "param" || typeof event.key !== "string" || event.rawValue === undefined) continue;
    if (Object.hasOwn(params, event.key)) continue;
    setOwn(params, event.key, event.rawValue);
    repairs.push(
      `param ${event.key} recovered from ${eventJournalName(rank)} (logged after the last checkpoint)`,
    );
  }
  return { ...view, metrics: recounted, params, repairs };
}

/**
 * A closed run whose directory lost metric points (the disk was full for longer than the backend's
 * in-memory backlog held; backend-fs counts them in `prov4ml:lost_metric_points`): its document's
 * counts are the points logged, so each series is recounted from its file, which is what a
 * reader of the directory gets, and the loss is noted.
 */
export async function recountLostPoints(view: RunView): Promise<RunView> {
  const lost = view.attributes[TERMS.lostMetricPoints];
  if (typeof lost !== "number" || lost <= 0) return view;
  const metrics = await Promise.all(
    view.metrics.map((metric) => (metric.file ? withFileStats(metric) : metric)),
  );
  const repairs = [
    ...view.repairs,
    `${lost} metric points were logged but never written to this directory (the disk was full); counts are recounted from the metric files`,
  ];
  return { ...view, metrics, repairs };
}

async function withFileStats(metric: MetricSeriesView): Promise<MetricSeriesView> {
  let values: Float64Array;
  try {
    values = (await metric.load()).values;
  } catch {
    return metric; // no rows reached the disk yet
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return {
    ...metric,
    count: values.length,
    first: values[0],
    last: values.at(-1),
    min: values.length > 0 && min <= max ? min : undefined,
    max: values.length > 0 && min <= max ? max : undefined,
  };
}

/** A series known only from its file (see core's `seriesKeyOfMetricStem`, which also reads older names). */
function seriesFromFileName(stem: string, file: string, runDir: string): MetricSeriesView {
  return { ...seriesKeyOfMetricStem(stem), file, load: () => loadMetricCsv(file, runDir) };
}
