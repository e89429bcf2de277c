import { fsBackend } from "@prov4ml/backend-fs";
import { mlflowBackend } from "@prov4ml/backend-mlflow";
import { carbonCollector } from "@prov4ml/collector-carbon";
import { systemCollector } from "@prov4ml/collector-system";
import type { PluginOption } from "@prov4ml/core";
import { dotExporter, svgExporter } from "@prov4ml/exporter-dot";
import { provJsonExporter, provNExporter, turtleExporter } from "@prov4ml/exporter-prov";

export interface DefaultPluginOptions {
  /** Local MLflow store directory (the seed's `mlflow_save_dir`): turns the MLflow backend on. */
  mlflowSaveDir?: string;
  /** Force the MLflow backend on or off; default: on when `mlflowSaveDir` or `MLFLOW_TRACKING_URI` is set. */
  mlflow?: boolean;
  /** Country (ISO 3166 alpha-3) for the carbon intensity; default env `PROV4ML_COUNTRY_ISO_CODE`, else the world average. */
  country?: string;
}

/**
 * The plugins the facade wires by default:
 * - the file-system backend (the run directory), and the MLflow backend when `mlflowSaveDir` or
 *   `MLFLOW_TRACKING_URI` is set (a tracking server wins over the local store);
 * - the system and carbon collectors (sampled only by `logSystemMetrics`/`logCarbonMetrics` or a
 *   background sampler);
 * - the PROV-JSON, PROV-N, Turtle, DOT and SVG exporters (only PROV-JSON is rendered unless asked).
 */
export function defaultPlugins(options: DefaultPluginOptions = {}): PluginOption[] {
  const wantsMlflow =
    options.mlflow ?? (options.mlflowSaveDir !== undefined || Boolean(process.env.MLFLOW_TRACKING_URI));
  return [
    fsBackend(),
    wantsMlflow && mlflowBackend({ saveDir: options.mlflowSaveDir }),
    systemCollector(),
    carbonCollector(options.country ? { country: options.country } : {}),
    provJsonExporter(),
    provNExporter(),
    turtleExporter(),
    dotExporter(),
    svgExporter(),
  ];
}
