/// <reference lib="dom" />
/** Two to ten runs side by side: params that differ first, then those they share, then totals. */
import type { RunSummary } from "../api-types.ts";
import { el, routeLink } from "./dom.ts";
import { formatDuration, formatValue } from "./format.ts";

export function compareView(runs: RunSummary[]): HTMLElement {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.params)))].sort();
  const differs = (name: string) => new Set(runs.map((run) => formatValue(run.params[name]))).size > 1;
  const ordered = [...names.filter(differs), ...names.filter((name) => !differs(name))];
  const head = el(
    "tr",
    {},
    el("th", {}, "param"),
    ...runs.map((run) => el("th", {}, routeLink(`#/run/${run.id}`, run.run ?? run.path))),
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
    el("table", { class: "compare-params" }, el("thead", {}, head), el("tbody", {}, ...paramRows)),
    el("h2", {}, "Results"),
    el(
      "table",
      { class: "compare-results" },
      el("thead", {}, head.cloneNode(true)),
      el("tbody", {}, ...totalRows),
    ),
  );
}
