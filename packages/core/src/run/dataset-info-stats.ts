import type { DatasetElementField, DatasetInfo } from "../plugins/dataset-inspector.ts";

/** Stat values: what PROV attributes and MLflow's dataset profile hold. */
export type DatasetStats = Record<string, string | number | boolean>;

/**
 * The dataset stats an inspector's `DatasetInfo` is recorded as — the one mapping, shared by
 * `logDataset` and helpers that inspect a dataset themselves:
 *
 * - `format` — the inspector's format (`tfjs-data`);
 * - `size` — the element count as the dataset reports it (batches, for a batched dataset),
 *   `"infinite"` for an endless one, `"unknown"` when the dataset cannot know;
 * - `spec_<path>` — each leaf of the element as `dtype[shape]` (`float32[32,2]`; `?` for an unknown
 *   dimension), when the inspector read the spec;
 * - the inspector's own `stats`, last (they cannot hide the three above).
 */
export function datasetInfoStats(info: DatasetInfo): DatasetStats {
  const stats: DatasetStats = { ...info.stats };
  stats.format = info.format;
  stats.size = sizeStat(info.size);
  for (const field of info.elementSpec ?? []) stats[`spec_${field.path}`] = fieldSpec(field);
  return stats;
}

function sizeStat(size: number | undefined): number | string {
  if (size === undefined || Number.isNaN(size)) return "unknown";
  return Number.isFinite(size) ? size : "infinite";
}

/** `float32[32,2]`, `number[]` for a scalar, `?` for an unknown dimension. */
export function fieldSpec(field: DatasetElementField): string {
  return `${field.dtype}[${field.shape.map((dim) => (dim === null ? "?" : String(dim))).join(",")}]`;
}
