/** The run page's data: downsampled metric series and the run's files. */
import type { ArtifactView, MetricPoints, MetricSeriesView, RunView } from "@prov4ml/exporter-prov";
import type { ArtifactData, DatasetData, MetricSeriesData, RunDetail, RunSummary } from "./api-types.ts";
import { MAX_CHART_POINTS } from "./downsample.ts";
import { environmentFacts } from "./environment-facts.ts";
import { carbonFacts, seriesPanel, systemFacts } from "./machine-facts.ts";
import { type SeriesWindow, seriesInWindow } from "./series-window.ts";

/** How the detail links a run's files and graph; the server and the report differ. */
export interface DetailLinks {
  /** URL of a file of the run, given its recorded path; undefined when it cannot be served. */
  download(artifact: ArtifactView): string | undefined;
  graph?: string;
}

/** Reads every series of `view` with `load` (each cut to at most `maxPoints` buckets) and lists its files. */
export async function runDetail(
  view: RunView,
  summary: RunSummary,
  links: DetailLinks,
  maxPoints: number = MAX_CHART_POINTS,
  load: (metric: MetricSeriesView) => Promise<MetricPoints> = (metric) => metric.load(),
): Promise<RunDetail> {
  const metrics = await Promise.all(
    view.metrics.map((metric, key) =>
      seriesData(metric, key, { axis: "step", buckets: maxPoints }, () => load(metric)),
    ),
  );
  // A model logged with its file is already listed as that file (with its role: used or generated).
  const shas = new Set(view.artifacts.map((artifact) => artifact.sha256));
  const models = view.models
    .map(modelAsArtifact)
    .filter((model) => model.sha256 === undefined || !shas.has(model.sha256));
  const files = [...view.artifacts, ...models];
  const artifacts = files.map((artifact): ArtifactData => {
    const download = links.download(artifact);
    return {
      name: artifact.name,
      ...(artifact.role === undefined ? {} : { role: artifact.role }),
      ...(artifact.sizeBytes === undefined ? {} : { sizeBytes: artifact.sizeBytes }),
      ...(artifact.sha256 === undefined ? {} : { sha256: artifact.sha256 }),
      ...(download === undefined ? {} : { download }),
    };
  });
  return {
    summary,
    metrics,
    artifacts,
    ...(links.graph === undefined ? {} : { graph: links.graph }),
    notes: [...view.repairs],
    systemFacts: systemFacts(view),
    carbonFacts: carbonFacts(view),
    environmentFacts: environmentFacts(view),
    datasets: view.datasets.map(datasetData),
  };
}

/** Series `key` of a run, its points in `window` downsampled; an unreadable series says why. */
export async function seriesData(
  metric: MetricSeriesView,
  key: number,
  window: SeriesWindow,
  load: () => Promise<MetricPoints> = () => metric.load(),
): Promise<MetricSeriesData> {
  const base = {
    key,
    name: metric.name,
    context: metric.context,
    source: metric.source,
    panel: seriesPanel(metric),
  };
  try {
    const points = await load();
    const { x, min, max, t, shown } = seriesInWindow(points, window);
    return { ...base, count: points.values.length, shown, x, t: t ?? [], min, max };
  } catch (error) {
    // A CSV cut mid-row or deleted: the chart says so; the rest of the page still shows.
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, count: metric.count ?? 0, shown: 0, x: [], t: [], min: [], max: [], error: message };
  }
}

function datasetData(dataset: RunView["datasets"][number]): DatasetData {
  return {
    name: dataset.name,
    ...(dataset.source === undefined ? {} : { source: dataset.source }),
    ...(dataset.digest === undefined ? {} : { digest: dataset.digest }),
    stats: Object.entries(dataset.stats)
      .map(([name, value]) => `${name}=${String(value)}`)
      .join(", "),
  };
}

function modelAsArtifact(model: RunView["models"][number]): ArtifactView {
  return {
    id: model.id,
    name: model.name,
    role: "output",
    ...(model.path === undefined ? {} : { path: model.path }),
    ...(model.sizeBytes === undefined ? {} : { sizeBytes: model.sizeBytes }),
    ...(model.sha256 === undefined ? {} : { sha256: model.sha256 }),
  };
}
