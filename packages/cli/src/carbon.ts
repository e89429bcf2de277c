/**
 * Carbon totals of a run: prov4ml's `prov4ml:carbon_*` run attributes (collector-carbon), or, for
 * yProv4ML documents, the last values of the CodeCarbon metrics (cumulative counters).
 */
import type { RunView } from "@prov4ml/exporter-prov";

export interface CarbonTotals {
  /** `attributes` for prov4ml's totals, `metrics` for last values of CodeCarbon series. */
  readonly from: "attributes" | "metrics";
  readonly values: Record<string, number | string | boolean>;
}

const CODECARBON_METRICS = ["emissions", "energy_consumed", "cpu_energy", "gpu_energy", "ram_energy"];

export function carbonTotals(run: RunView): CarbonTotals | undefined {
  const values: Record<string, number | string | boolean> = {};
  for (const [name, value] of Object.entries(run.attributes)) {
    const local = name.slice(name.lastIndexOf(":") + 1);
    if (!local.startsWith("carbon_")) continue;
    values[local.slice("carbon_".length)] = Array.isArray(value) ? value[value.length - 1]! : value;
  }
  if (Object.keys(values).length > 0) return { from: "attributes", values };
  for (const metric of run.metrics) {
    if (!CODECARBON_METRICS.includes(metric.name) || metric.last === undefined) continue;
    const key = metric.context === "" ? metric.name : `${metric.name} (${metric.context})`;
    values[key] = metric.last;
  }
  return Object.keys(values).length > 0 ? { from: "metrics", values } : undefined;
}
