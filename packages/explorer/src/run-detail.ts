/** The run page's data: downsampled metric series and the run's files. */
import type { ArtifactView, MetricSeriesView, RunView } from "@prov4ml/exporter-prov";
import type { ArtifactData, MetricSeriesData, RunDetail, RunSummary } from "./api-types.ts";
import { downsampleMinMax, MAX_CHART_POINTS } from "./downsample.ts";

/** How the detail links a run's files and graph; the server and the report differ. */
export interface DetailLinks {
  /** URL of a file of the run, given its recorded path; undefined when it cannot be served. */
  download(artifact: ArtifactView): string | undefined;
  graph?: string;
}

/** Reads every series of `view` (each cut to at most `maxPoints` buckets) and lists its files. */
export async function runDetail(
  view: RunView,
  summary: RunSummary,
  links: DetailLinks,
  maxPoints: number = MAX_CHART_POINTS,
): Promise<RunDetail> {
  const metrics = await Promise.all(view.metrics.map((metric) => seriesData(metric, maxPoints)));
  const files = [...view.artifacts, ...view.models.map(modelAsArtifact)];
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
  };
}

async function seriesData(metric: MetricSeriesView, maxPoints: number): Promise<MetricSeriesData> {
  const base = { name: metric.name, context: metric.context, source: metric.source };
  try {
    const points = await metric.load();
    return {
      ...base,
      count: points.values.length,
      ...downsampleMinMax(points.steps, points.values, maxPoints),
    };
  } catch (error) {
    // A CSV cut mid-row or deleted: the chart says so; the rest of the page still shows.
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, count: metric.count ?? 0, x: [], min: [], max: [], error: message };
  }
}

function modelAsArtifact(model: RunView["models"][number]): ArtifactView {
  const size = model.attributes["prov4ml:size_bytes"];
  const sha = model.attributes["prov4ml:sha256"];
  return {
    id: model.id,
    name: model.name,
    role: "output",
    ...(model.path === undefined ? {} : { path: model.path }),
    ...(typeof size === "number" ? { sizeBytes: size } : {}),
    ...(typeof sha === "string" ? { sha256: sha } : {}),
  };
}
