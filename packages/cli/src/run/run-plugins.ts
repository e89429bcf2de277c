/**
 * The plugins a wrapped run uses: the run directory, MLflow when `MLFLOW_TRACKING_URI` is set,
 * the process-tree sampler, carbon in process mode, and PROV-JSON.
 */
import { fsBackend } from "@prov4ml/backend-fs";
import { carbonCollector } from "@prov4ml/collector-carbon";
import type { PluginOption } from "@prov4ml/core";
import { provJsonExporter } from "@prov4ml/exporter-prov";
import { CommandError } from "../errors.ts";
import type { ProcessTree } from "./process-tree.ts";
import type { RunCommandOptions } from "./run-options.ts";
import { processTreeCollector } from "./tree-collector.ts";

export async function wrappedRunPlugins(
  options: RunCommandOptions,
  tree: ProcessTree,
  env: NodeJS.ProcessEnv,
): Promise<PluginOption[]> {
  return [
    fsBackend(),
    env.MLFLOW_TRACKING_URI ? await loadMlflowBackend() : undefined,
    processTreeCollector({ tree }),
    options.carbon &&
      carbonCollector({ trackingMode: "process", ...(options.country ? { country: options.country } : {}) }),
    provJsonExporter(),
  ];
}

async function loadMlflowBackend(): Promise<PluginOption> {
  const name = "@prov4ml/backend-mlflow";
  try {
    const module = (await import(name)) as typeof import("@prov4ml/backend-mlflow");
    return module.mlflowBackend();
  } catch (error) {
    throw new CommandError(
      `MLFLOW_TRACKING_URI is set but ${name} is not installed: install it next to @prov4ml/cli, or unset MLFLOW_TRACKING_URI`,
      { cause: error },
    );
  }
}
