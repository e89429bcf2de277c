/// <reference lib="dom" />
/** One run: its facts, params, a chart per metric per context, its files, and the PROV overview. */
import type { ArtifactData, DatasetData, MetricSeriesData, RunDetail, SeriesPanel } from "../api-types.ts";
import { chartToolbar, clearSettingsListeners } from "./chart-settings.ts";
import { el } from "./dom.ts";
import { formatBytes, formatDuration, formatStart, formatValue } from "./format.ts";
import { graphView } from "./graph-view.ts";
import { lineChart, type SeriesLoader, type ZoomMemory } from "./line-chart.ts";

const PANELS: Array<{ panel: SeriesPanel; title: string; facts?: "systemFacts" | "carbonFacts" }> = [
  { panel: "metrics", title: "Metrics" },
  { panel: "system", title: "System", facts: "systemFacts" },
  { panel: "carbon", title: "Energy and carbon", facts: "carbonFacts" },
];

/** `zooms`: where the charts keep their zoom across rebuilds of the same run's page (live runs). */
export function runPage(
  detail: RunDetail,
  offline: boolean,
  load: SeriesLoader,
  zooms?: ZoomMemory,
): HTMLElement {
  const { summary } = detail;
  const facts = keyValueTable("run-facts", [
    ["experiment", summary.experiment],
    ["status", summary.status],
    ["start", formatStart(summary.start)],
    ["duration", formatDuration(summary.durationMs)],
    ["energy (kWh)", formatValue(summary.energyKWh)],
    ["emissions (kg CO₂e)", formatValue(summary.emissionsKg)],
    ["path", summary.path],
  ]);
  const sections: Node[] = [el("h1", {}, summary.run ?? summary.path)];
  if (summary.error !== undefined) sections.push(el("p", { class: "error" }, summary.error));
  sections.push(facts);
  sections.push(
    el("h2", {}, "Params"),
    keyValueTable(
      "params",
      Object.entries(summary.params).map(([name, value]) => [name, formatValue(value)]),
    ),
  );
  const environment = detail.environmentFacts ?? [];
  if (environment.length > 0)
    sections.push(el("h2", {}, "Source and environment"), keyValueTable("environment", environment));
  clearSettingsListeners(); // the charts of the page shown before are gone
  if (detail.metrics.length > 0) sections.push(chartToolbar());
  for (const { panel, title, facts } of PANELS) {
    const series = detail.metrics.filter((metric) => metric.panel === panel);
    const rows = facts === undefined ? [] : (detail[facts] ?? []);
    if (series.length === 0 && rows.length === 0) continue;
    const section = el("section", { class: `panel panel-${panel}` }, el("h2", {}, title));
    if (rows.length > 0) section.append(keyValueTable(`${panel}-facts`, rows));
    section.append(...chartsByContext(series, load, zooms));
    sections.push(section);
  }
  if (detail.artifacts.length > 0)
    sections.push(el("h2", {}, "Files"), artifactsTable(detail.artifacts, offline));
  if ((detail.datasets ?? []).length > 0)
    sections.push(el("h2", {}, "Datasets"), datasetsTable(detail.datasets!));
  if (detail.graph !== undefined) {
    const base = `/api/runs/${encodeURIComponent(summary.id)}/prov`;
    const downloads: Array<[string, string]> = offline
      ? []
      : [
          ["PROV-JSON", `${base}.json`],
          ["PROV-N", `${base}.provn`],
          ["Turtle", `${base}.ttl`],
          ["SVG", `${base}.svg`],
        ];
    sections.push(el("h2", {}, "Provenance graph"), graphView(detail.graph, downloads));
  }
  if (detail.notes.length > 0) {
    sections.push(
      el("h2", {}, "Notes from reading the run"),
      el("ul", { class: "notes" }, ...detail.notes.map((note) => el("li", {}, note))),
    );
  }
  return el("article", { class: "run-page" }, ...sections);
}

function chartsByContext(metrics: MetricSeriesData[], load: SeriesLoader, zooms?: ZoomMemory): Node[] {
  const byContext = new Map<string, MetricSeriesData[]>();
  for (const series of metrics)
    byContext.set(series.context, [...(byContext.get(series.context) ?? []), series]);
  return [...byContext].flatMap(([context, series]) => [
    el("h3", {}, context || "(no context)"),
    el("div", { class: "charts" }, ...series.map((one) => lineChart(one, load, zooms))),
  ]);
}

/** A two-column table of names and values. */
function datasetsTable(datasets: DatasetData[]): HTMLElement {
  const head = el("tr", {}, ...["name", "source", "digest", "stats"].map((name) => el("th", {}, name)));
  const rows = datasets.map((dataset) =>
    el(
      "tr",
      {},
      el("td", {}, dataset.name),
      el("td", {}, dataset.source ?? ""),
      el("td", { class: "hash" }, dataset.digest ?? ""),
      el("td", {}, dataset.stats),
    ),
  );
  return el("table", { class: "datasets" }, el("thead", {}, head), el("tbody", {}, ...rows));
}

export function keyValueTable(className: string, rows: Array<[string, string | undefined]>): HTMLElement {
  return el(
    "table",
    { class: `kv ${className}` },
    el(
      "tbody",
      {},
      ...rows.map(([name, value]) => el("tr", {}, el("th", {}, name), el("td", {}, value ?? ""))),
    ),
  );
}

function artifactsTable(artifacts: ArtifactData[], offline: boolean): HTMLElement {
  const downloads = !offline && artifacts.some((artifact) => artifact.download !== undefined);
  const labels = downloads ? ["name", "role", "size", "SHA-256", ""] : ["name", "role", "size", "SHA-256"];
  const head = el("tr", {}, ...labels.map((label) => el("th", {}, label)));
  const rows = artifacts.map((artifact) => {
    const download: Node | false = downloads && el("td", {});
    if (download !== false && artifact.download !== undefined) {
      const link = el("a", {}, "download");
      link.href = artifact.download;
      download.appendChild(link);
    }
    return el(
      "tr",
      {},
      el("td", {}, artifact.name),
      el("td", {}, artifact.role ?? ""),
      el("td", {}, formatBytes(artifact.sizeBytes)),
      el("td", { class: "hash" }, artifact.sha256 ?? ""),
      download,
    );
  });
  return el("table", { class: "files" }, el("thead", {}, head), el("tbody", {}, ...rows));
}
