/** A run's row in the runs table, from the typed view `loadRun` gives. */
import { hostname } from "node:os";
import type { RunView } from "@prov4ml/exporter-prov";
import type { RunStatusLabel, RunSummary } from "./api-types.ts";

/** Builds the row of `view`; `id` and `path` say where it was found. */
export function summariseRun(view: RunView, id: string, path: string): RunSummary {
  const start = view.startTime;
  const end = view.endTime;
  const startMs = start === undefined ? Number.NaN : Date.parse(start);
  const endMs = end === undefined ? Number.NaN : Date.parse(end);
  const lastMetrics: Record<string, number> = {};
  for (const metric of view.metrics) {
    if (metric.last !== undefined) lastMetrics[`${metric.name} (${metric.context})`] = metric.last;
  }
  return {
    id,
    path,
    ...(view.experimentName === undefined ? {} : { experiment: view.experimentName }),
    ...(view.runName === undefined ? {} : { run: view.runName }),
    status: statusLabel(view),
    ...(start === undefined ? {} : { start }),
    ...(Number.isFinite(endMs - startMs) ? { durationMs: endMs - startMs } : {}),
    params: { ...view.params },
    lastMetrics,
    ...optionalNumber(
      "energyKWh",
      carbonTotal(view, "prov4ml:carbon_energy_consumed_kwh", "energy_consumed"),
    ),
    ...optionalNumber("emissionsKg", carbonTotal(view, "prov4ml:carbon_emissions_kg", "emissions")),
  };
}

/** A row for a run that could not be read: the error says why. */
export function unreadableRun(id: string, path: string, error: unknown): RunSummary {
  const message = error instanceof Error ? error.message : String(error);
  return { id, path, status: "UNKNOWN", params: {}, lastMetrics: {}, error: message };
}

/** RUNNING only while the recorded process still lives on this host; otherwise the run was never closed. */
function statusLabel(view: RunView): RunStatusLabel {
  if (view.status !== "RUNNING") return view.status;
  const pid = view.attributes["prov4ml:pid"];
  const host = view.attributes["prov4ml:hostname"];
  if (typeof pid !== "number" || host !== hostname()) return "not closed";
  try {
    process.kill(pid, 0);
    return "RUNNING";
  } catch {
    return "not closed";
  }
}

function carbonTotal(view: RunView, attribute: string, metricName: string): number | undefined {
  const recorded = view.attributes[attribute];
  if (typeof recorded === "number") return recorded;
  return view.metrics.find((metric) => metric.name === metricName && metric.last !== undefined)?.last;
}

function optionalNumber<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
