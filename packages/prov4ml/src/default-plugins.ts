import { fsBackend } from "@prov4ml/backend-fs";
import type { PluginOption } from "@prov4ml/core";
import { dotExporter, svgExporter } from "@prov4ml/exporter-dot";
import { provJsonExporter, provNExporter, turtleExporter } from "@prov4ml/exporter-prov";

export interface DefaultPluginOptions {
  /** Local MLflow store directory (the seed's `mlflow_save_dir`). */
  mlflowSaveDir?: string;
}

/**
 * The plugins the facade wires by default: the file-system backend, the PROV-JSON, PROV-N,
 * Turtle, DOT and SVG exporters (DOT/SVG are only rendered when `endRun` asks for them).
 */
export function defaultPlugins(_options: DefaultPluginOptions = {}): PluginOption[] {
  return [fsBackend(), provJsonExporter(), provNExporter(), turtleExporter(), dotExporter(), svgExporter()];
}
