/// <reference lib="dom" />
/**
 * Two to ten runs side by side: params that differ first, then those they share, the results, the
 * metrics overlaid (a chart per metric and context, a line per run) and bars of their totals.
 */
import type { MetricSeriesData, RunDetail, RunSummary } from "../api-types.ts";
import { RUN_COLOURS } from "./chart-draw.ts";
import { chartToolbar, clearSettingsListeners } from "./chart-settings.ts";
import { el, routeLink } from "./dom.ts";
import { formatDuration, formatValue } from "./format.ts";
import { overlayChart } from "./overlay-chart.ts";
import { totalBars } from "./total-bars.ts";

/** `details[i]` is run `i`'s detail (its series), undefined when it could not be read. */
export function compareView(runs: RunSummary[], details: Array<RunDetail | undefined>): HTMLElement {
  clearSettingsListeners(); // the charts of the page shown before are gone
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.params)))].sort();
  const differs = (name: string) => new Set(runs.map((run) => formatValue(run.params[name]))).size > 1;
  const ordered = [...names.filter(differs), ...names.filter((name) => !differs(name))];
  const head = (first: string) =>
    el(
      "tr",
      {},
      el("th", {}, first),
      ...runs.map((run) => el("th", {}, routeLink(`#/run/${run.id}`, runLabel(run)))),
    );
  const paramRows = ordered.map((name) =>
    el(
      "tr",
      { class: differs(name) ? "differs" : "same" },
      el("th", {}, name),
      ...runs.map((run) => el("td", {}, formatValue(run.params[name]))),
    ),
  );
  const totals: Array<[string, (run: RunSummary) => string]> = [
    ["status", (run) => run.status],
    ["duration", (run) => formatDuration(run.durationMs)],
    ["energy (kWh)", (run) => formatValue(run.energyKWh)],
    ["emissions (kg CO₂e)", (run) => formatValue(run.emissionsKg)],
  ];
  const metricNames = [...new Set(runs.flatMap((run) => Object.keys(run.lastMetrics)))].sort();
  const totalRows = [
    ...totals.map(([label, value]) =>
      el("tr", {}, el("th", {}, label), ...runs.map((run) => el("td", {}, value(run)))),
    ),
    ...metricNames.map((name) =>
      el(
        "tr",
        {},
        el("th", {}, `last ${name}`),
        ...runs.map((run) => el("td", {}, formatValue(run.lastMetrics[name]))),
      ),
    ),
  ];
  return el(
    "article",
    { class: "compare" },
    el("h1", {}, `Comparing ${runs.length} runs`),
    el("h2", {}, "Params (differences first)"),
    el("table", { class: "compare-params" }, el("thead", {}, head("param")), el("tbody", {}, ...paramRows)),
    el("h2", {}, "Results"),
    el("table", { class: "compare-results" }, el("thead", {}, head("")), el("tbody", {}, ...totalRows)),
    el("h2", {}, "Totals"),
    el("div", { class: "charts compare-totals" }, ...totalCharts(runs)),
    el("h2", {}, "Metrics"),
    chartToolbar({ stepOnly: true }),
    el("div", { class: "charts compare-metrics" }, ...overlayCharts(runs, details)),
  );
}

const runLabel = (run: RunSummary) => run.run ?? run.path;
const runColour = (index: number) => RUN_COLOURS[index % RUN_COLOURS.length]!;

function totalCharts(runs: RunSummary[]): HTMLElement[] {
  const totals: Array<[string, (run: RunSummary) => number | undefined, (value: number) => string]> = [
    ["duration", (run) => run.durationMs, formatDuration],
    ["energy (kWh)", (run) => run.energyKWh, formatValue],
    ["emissions (kg CO₂e)", (run) => run.emissionsKg, formatValue],
  ];
  return totals.map(([title, total, format]) =>
    totalBars(
      title,
      runs.map((run, index) => {
        const value = total(run);
        return {
          label: runLabel(run),
          colour: runColour(index),
          ...(value === undefined ? {} : { value }),
          text: value === undefined ? "" : format(value),
        };
      }),
    ),
  );
}

/** A chart per metric (name and context) of the metrics panel that any run logged, in name order. */
function overlayCharts(runs: RunSummary[], details: Array<RunDetail | undefined>): HTMLElement[] {
  const keyOf = (series: MetricSeriesData) => JSON.stringify([series.name, series.context]);
  const byRun = details.map(
    (detail) =>
      new Map(
        (detail?.metrics ?? [])
          .filter((series) => series.panel === "metrics")
          .map((series) => [keyOf(series), series]),
      ),
  );
  const keys = [...new Set(byRun.flatMap((series) => [...series.keys()]))].sort();
  if (keys.length === 0) return [el("p", {}, "None of these runs logged a metric.")];
  return keys.map((key) => {
    const [name, context] = JSON.parse(key) as [string, string];
    return overlayChart(
      name,
      context,
      runs.map((run, index) => {
        const series = byRun[index]!.get(key);
        return {
          label: runLabel(run),
          colour: runColour(index),
          ...(series === undefined ? {} : { series }),
        };
      }),
    );
  });
}
