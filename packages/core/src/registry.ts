import { PluginError } from "./errors.ts";
import type { BackendPlugin } from "./plugins/backend.ts";
import type { CollectorPlugin } from "./plugins/collector.ts";
import type { DatasetInspectorPlugin } from "./plugins/dataset-inspector.ts";
import type { ExporterPlugin } from "./plugins/exporter.ts";
import type { ModelInspectorPlugin } from "./plugins/model-inspector.ts";
import type { PluginOption, Prov4mlPlugin } from "./plugins/plugin.ts";

const KINDS = new Set(["backend", "collector", "exporter", "model-inspector", "dataset-inspector"]);

/** The plugins of one prov4ml instance, grouped by kind, in registration order. */
export interface PluginRegistry {
  readonly backends: readonly BackendPlugin[];
  readonly collectors: readonly CollectorPlugin[];
  readonly exporters: readonly ExporterPlugin[];
  readonly inspectors: readonly ModelInspectorPlugin[];
  readonly datasetInspectors: readonly DatasetInspectorPlugin[];
  readonly all: readonly Prov4mlPlugin[];
}

/**
 * Flattens presets, drops falsy entries, checks each plugin's shape and refuses two plugins of the
 * same kind and name (for exporters: the same format) — at configuration time, not mid-run.
 */
export function createRegistry(options: readonly PluginOption[]): PluginRegistry {
  const all: Prov4mlPlugin[] = [];
  const flatten = (entries: readonly PluginOption[]) => {
    for (const entry of entries) {
      if (!entry) continue;
      if (Array.isArray(entry)) flatten(entry);
      else all.push(checkPlugin(entry as Prov4mlPlugin));
    }
  };
  flatten(options);

  const seen = new Set<string>();
  for (const plugin of all) {
    const key =
      plugin.kind === "exporter" ? `exporter:format:${plugin.format}` : `${plugin.kind}:${plugin.name}`;
    if (seen.has(key)) {
      const what =
        plugin.kind === "exporter" ? `a second exporter for format "${plugin.format}"` : "registered twice";
      throw new PluginError(plugin.name, `${what}; register each plugin once`);
    }
    seen.add(key);
  }
  return {
    all,
    backends: all.filter((plugin): plugin is BackendPlugin => plugin.kind === "backend"),
    collectors: all.filter((plugin): plugin is CollectorPlugin => plugin.kind === "collector"),
    exporters: all.filter((plugin): plugin is ExporterPlugin => plugin.kind === "exporter"),
    inspectors: all.filter((plugin): plugin is ModelInspectorPlugin => plugin.kind === "model-inspector"),
    datasetInspectors: all.filter(
      (plugin): plugin is DatasetInspectorPlugin => plugin.kind === "dataset-inspector",
    ),
  };
}

function checkPlugin(plugin: Prov4mlPlugin): Prov4mlPlugin {
  const name = typeof plugin?.name === "string" && plugin.name ? plugin.name : "(unnamed)";
  if (typeof plugin !== "object" || plugin === null)
    throw new PluginError(name, "a plugin must be an object");
  if (name === "(unnamed)") throw new PluginError(name, "a plugin needs a non-empty `name`");
  if (!KINDS.has(plugin.kind)) {
    throw new PluginError(
      name,
      `unknown kind ${JSON.stringify(plugin.kind)}; expected one of ${[...KINDS].join(", ")}`,
    );
  }
  if (plugin.specVersion !== 1) {
    throw new PluginError(
      name,
      `specVersion ${String(plugin.specVersion)} is not supported by this core (expected 1)`,
    );
  }
  const need = (method: string) => {
    if (typeof (plugin as unknown as Record<string, unknown>)[method] !== "function") {
      throw new PluginError(name, `a ${plugin.kind} plugin needs a \`${method}\` function`);
    }
  };
  if (plugin.kind === "backend" || plugin.kind === "collector") need("openRun");
  if (plugin.kind === "exporter") need("export");
  if (plugin.kind === "model-inspector" || plugin.kind === "dataset-inspector") need("inspect");
  return plugin;
}
