/**
 * Summary nodes that stand for several elements: a context's metrics (`collapseContexts`) or a
 * series of elements numbered by the writer (`epoch_0` … `epoch_1748`, `collapseSeries`).
 * Relations to any member are drawn once, to the summary node, with a count.
 */
import type { ElementKind } from "@prov4ml/core";
import type { NoteRow } from "./attribute-note.ts";
import { shorten } from "./attribute-values.ts";
import { attributeByLocalName, localName, typeNames, valueText } from "./local-name.ts";
import type { Scene, SceneElement } from "./scene.ts";
import { describeSeries, formatNumber, summariseSeries } from "./series-summary.ts";

export interface ElementGroup {
  readonly kind: ElementKind;
  /** `s` for series, `m` for metrics: the prefix of the node name. */
  readonly nodePrefix: "s" | "m";
  readonly label: string;
  readonly rows: readonly NoteRow[];
  readonly members: readonly string[];
  readonly bundle: string | undefined;
}

/** Series smaller than this stay drawn one by one. */
export const MIN_SERIES_SIZE = 3;

const NUMBERED_ID = /^(.*?)(\d+)(?:\.(\d+))?$/s;

export function findSeries(elements: Iterable<SceneElement>): ElementGroup[] {
  const byKey = new Map<string, { element: SceneElement; number: number }[]>();
  for (const element of elements) {
    const match = NUMBERED_ID.exec(element.id);
    if (!match) continue;
    const key = [
      element.kind,
      element.bundle ?? "",
      match[1],
      typeNames(element.attributes).sort().join(","),
    ].join("\u0000");
    const number = Number(`${match[2]}.${match[3] ?? "0"}`);
    const series = byKey.get(key) ?? [];
    series.push({ element, number });
    byKey.set(key, series);
  }
  const groups: ElementGroup[] = [];
  for (const series of byKey.values()) {
    if (series.length < MIN_SERIES_SIZE) continue;
    const ordered = [...series].sort((a, b) => a.number - b.number);
    const first = ordered[0]!.element;
    const last = ordered[ordered.length - 1]!.element;
    const types = typeNames(first.attributes);
    const plural = first.kind === "activity" ? "activities" : `${first.kind}s`;
    groups.push({
      kind: first.kind,
      nodePrefix: "s",
      label: `${first.id} … ${last.id}\n(${series.length} ${plural})`,
      rows: [
        { name: "members", value: String(series.length) },
        { name: "first", value: first.id },
        { name: "last", value: last.id },
        ...(types.length > 0 ? [{ name: "type", value: types.join(", ") }] : []),
      ],
      members: series.map((entry) => entry.element.id),
      bundle: first.bundle,
    });
  }
  return groups;
}

/** True for metric entities of every generation (`prov4ml:Metric`, yProv4ML's `prov-ml:type "Metric"`). */
export function isMetric(element: SceneElement): boolean {
  return element.kind === "entity" && typeNames(element.attributes).includes("Metric");
}

export function findMetricGroups(scene: Scene, maxLength: number): ElementGroup[] {
  const generator = new Map<string, string>();
  for (const relation of scene.relations) {
    if (relation.kind !== "wasGeneratedBy") continue;
    const [entity, activity] = relation.args;
    if (entity?.ref !== undefined && activity?.ref !== undefined && !generator.has(entity.ref)) {
      generator.set(entity.ref, activity.ref);
    }
  }
  const byContext = new Map<string, SceneElement[]>();
  for (const element of scene.elements.values()) {
    if (!isMetric(element)) continue;
    const declared = attributeByLocalName(element.attributes, "context");
    const context =
      declared !== undefined ? valueText(declared) : (generator.get(element.id) ?? "(no context)");
    const key = `${element.bundle ?? ""}\u0000${context}`;
    byContext.set(key, [...(byContext.get(key) ?? []), element]);
  }
  return [...byContext.entries()].map(([key, metrics]) => {
    const context = key.slice(key.indexOf("\u0000") + 1);
    return {
      kind: "entity",
      nodePrefix: "m",
      label: `metrics of ${context}\n(${metrics.length} series)`,
      rows: metrics.map((metric) => ({ name: metricName(metric), value: metricSummary(metric, maxLength) })),
      members: metrics.map((metric) => metric.id),
      bundle: metrics[0]?.bundle,
    };
  });
}

function metricName(metric: SceneElement): string {
  const name =
    attributeByLocalName(metric.attributes, "name") ?? attributeByLocalName(metric.attributes, "label");
  const source = attributeByLocalName(metric.attributes, "source");
  const base = name === undefined ? metric.id : valueText(name);
  return source !== undefined && valueText(source) !== "" ? `${base} (${valueText(source)})` : base;
}

/** prov4ml's own summary attributes, else a summary of an inline list, else nothing. */
function metricSummary(metric: SceneElement, maxLength: number): string {
  const count = attributeByLocalName(metric.attributes, "count");
  if (count !== undefined) {
    const parts = [`${valueText(count)} points`];
    for (const key of ["last", "min", "max"]) {
      const value = attributeByLocalName(metric.attributes, key);
      if (value === undefined) continue;
      const number = Number(valueText(value));
      parts.push(`${key} ${Number.isNaN(number) ? valueText(value) : formatNumber(number)}`);
    }
    return parts.join(", ");
  }
  for (const [name, value] of metric.attributes) {
    if (!localName(name).includes("value")) continue;
    const summary = typeof value === "string" ? summariseSeries(value) : undefined;
    if (summary) return describeSeries(summary);
  }
  const file =
    attributeByLocalName(metric.attributes, "file") ?? attributeByLocalName(metric.attributes, "path");
  return file === undefined ? "" : shorten(valueText(file), maxLength);
}
