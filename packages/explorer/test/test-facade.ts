/**
 * The slice of the prov4ml facade the explorer's tests and bench use, built from the same plugins
 * (core, the file-system backend, the system and carbon collectors, the PROV-JSON exporter). The
 * facade itself depends on this package (it uploads the explorer's report to MLflow), so the
 * explorer cannot depend on it back: turbo refuses a cycle.
 */
import { fsBackend } from "@prov4ml/backend-fs";
import { carbonCollector } from "@prov4ml/collector-carbon";
import { systemCollector } from "@prov4ml/collector-system";
import {
  Context,
  createProv4ml,
  type EndRunOptions,
  type EndRunResult,
  type MetricOptions,
  type Run,
  type StartRunOptions,
} from "@prov4ml/core";
import { provJsonExporter } from "@prov4ml/exporter-prov";

export { Context };

let current: Run | undefined;

function run(): Run {
  if (!current) throw new Error("test facade: startRun first");
  return current;
}

/** Starts the one current run, as the facade does (`country` picks the carbon intensity). */
export async function startRun(options: StartRunOptions & { country?: string }): Promise<Run> {
  const { country, ...runOptions } = options;
  const plugins = [
    fsBackend(),
    systemCollector(),
    carbonCollector(country ? { country } : {}),
    provJsonExporter(),
  ];
  current = await createProv4ml({ plugins }).startRun(runOptions);
  return current;
}

export const logParam = (name: string, value: unknown) => run().logParam(name, value);
export const logMetric = (name: string, value: number, context?: string, options?: number | MetricOptions) =>
  run().logMetric(name, value, context, options);
export const logSystemMetrics = (context?: string, options?: number | MetricOptions) =>
  run().logSystemMetrics(context, options);
export const logCarbonMetrics = (context?: string, options?: number | MetricOptions) =>
  run().logCarbonMetrics(context, options);
export const logArtifact = (...args: Parameters<Run["logArtifact"]>) => run().logArtifact(...args);
export const logModel = (...args: Parameters<Run["logModel"]>) => run().logModel(...args);
export const logDataset = (...args: Parameters<Run["logDataset"]>) => run().logDataset(...args);

/** Ends the current run. */
export async function endRun(options?: EndRunOptions): Promise<EndRunResult> {
  const ending = run();
  current = undefined;
  return ending.endRun(options);
}
