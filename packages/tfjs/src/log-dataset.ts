import { Context, type DatasetEvent, datasetInfoStats } from "@prov4ml/core";
import { inspectTfjsDataset, isTfjsDataset, type TfjsDatasetInspection } from "./dataset.ts";
import { NotADatasetError } from "./errors.ts";
import { type RunTarget, resolveRun } from "./run-target.ts";

export interface LogTfjsDatasetOptions extends TfjsDatasetInspection {
  /** The run to log to; default the `prov4ml` facade's current run. */
  run?: RunTarget;
  /** Context that uses the dataset (default TRAINING). */
  context?: string;
  /** Where the data comes from (a path, a URI, a note such as `generated: spirals(300)`). */
  source?: string;
}

/**
 * Logs a `tf.data.Dataset` as the context's dataset, with the same stats as `logDataset` with
 * `tfjsDatasetInspector()` registered (`size`, `spec_<field>`; see `inspectTfjsDataset`) — for a
 * run that does not have the inspector. Anything but a `tf.data.Dataset` throws `NotADatasetError`.
 */
export async function logTfjsDataset(
  label: string,
  dataset: unknown,
  options: LogTfjsDatasetOptions = {},
): Promise<DatasetEvent> {
  if (!isTfjsDataset(dataset)) throw new NotADatasetError(dataset);
  const run = await resolveRun(options.run, "logTfjsDataset");
  const info = await inspectTfjsDataset(dataset, options);
  return run.logDataset(
    label,
    { stats: datasetInfoStats(info), source: options.source },
    { context: options.context ?? Context.TRAINING },
  );
}
