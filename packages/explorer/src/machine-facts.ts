/** Where a run's system and carbon figures came from, as the run page's panels show it. */
import type { MetricSeriesView, RunView } from "@prov4ml/exporter-prov";
import type { SeriesPanel } from "./api-types.ts";
import { attributesByLocalName, attributeText } from "./run-attributes.ts";

/** Series names the system collectors write (prov4ml's collector-system, yProv4ML's system metrics). */
const SYSTEM_NAME = /^(cpu_usage|memory_usage|disk_usage|cpu_temperature|gpu_\w+|ram_usage)$/;
/** Series names the carbon collectors write (CodeCarbon's emissions.csv columns). */
const CARBON_NAME =
  /^(emissions|emissions_rate|energy_consumed|(cpu|gpu|ram)_(power|energy)|gpu_power_usage)$/;

/** True for the series names system and carbon collectors write (the runs table lists them after the run's own metrics). */
export function isMachineMetricName(name: string): boolean {
  return SYSTEM_NAME.test(name) || CARBON_NAME.test(name);
}

/** The panel a series is drawn in: by the collector that wrote it, else by its name. */
export function seriesPanel(metric: Pick<MetricSeriesView, "name" | "source">): SeriesPanel {
  if (metric.source === "carbon" || CARBON_NAME.test(metric.name)) return "carbon";
  if (metric.source === "system" || SYSTEM_NAME.test(metric.name)) return "system";
  return "metrics";
}

/** Carbon attributes that tell how the figures were estimated (totals show elsewhere). */
const CARBON_FACTS: Array<[string, string]> = [
  ["intensity source", "carbon_intensity_source"],
  ["intensity (g CO₂e/kWh)", "carbon_intensity_g_per_kwh"],
  ["intensity assumed", "carbon_intensity_assumed"],
  ["country", "carbon_country_name"],
  ["CPU method", "carbon_cpu_method"],
  ["GPU method", "carbon_gpu_method"],
  ["RAM method", "carbon_ram_method"],
  ["tracking mode", "carbon_tracking_mode"],
  ["PUE", "carbon_pue"],
  ["model", "carbon_model_version"],
  ["warnings", "carbon_warnings"],
];

/** The `[label, value]` rows of how the run's carbon figures were estimated; empty when none were. */
export function carbonFacts(view: RunView): Array<[string, string]> {
  const attributes = attributesByLocalName(view);
  return CARBON_FACTS.flatMap(([label, key]) => {
    const value = attributes.get(key);
    return value === undefined ? [] : [[label, attributeText(value)] as [string, string]];
  });
}

/** The `[label, value]` rows of how the run's system metrics were measured (`system_*`, CPU, GPU). */
export function systemFacts(view: RunView): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const [local, value] of attributesByLocalName(view)) {
    const match = /^system_(.+)$/.exec(local) ?? /^((?:cpu|gpu)_(?:model|count|devices?|name))$/.exec(local);
    if (match !== null) rows.push([match[1]!.replace(/_/g, " "), attributeText(value)]);
  }
  return rows;
}
