import type { DatasetInspectorPlugin } from "@prov4ml/core";
import { inspectTfjsDataset, isTfjsDataset, type TfjsDatasetInspection } from "./dataset.ts";

/**
 * A dataset inspector for `tf.data.Dataset`s. Register it and `logDataset(label, dataset)` — the
 * facade's or a `Run`'s — records the dataset's `size` and element spec (see `inspectTfjsDataset`):
 *
 * ```ts
 * await prov4ml.startRun({ experimentName: "spirals", extraPlugins: [tfjsDatasetInspector()] });
 * prov4ml.logDataset("train", tf.data.zip({ xs, ys }).batch(32));
 * ```
 *
 * Without it, the core refuses a `tf.data.Dataset` with `UnrecognizedDatasetError` (it never
 * records one with empty stats).
 */
export function tfjsDatasetInspector(options: TfjsDatasetInspection = {}): DatasetInspectorPlugin {
  return {
    kind: "dataset-inspector",
    name: "tfjs-data",
    specVersion: 1,
    inspect(dataset) {
      return isTfjsDataset(dataset) ? inspectTfjsDataset(dataset, options) : undefined;
    },
  };
}
