import type { BackendPlugin } from "./backend.ts";
import type { CollectorPlugin } from "./collector.ts";
import type { DatasetInspectorPlugin } from "./dataset-inspector.ts";
import type { ExporterPlugin } from "./exporter.ts";
import type { ModelInspectorPlugin } from "./model-inspector.ts";

/** Fields every plugin has. `specVersion` lets the core add a v2 contract beside v1 later. */
export interface PluginBase {
  /** A unique name within its kind, usually the package name (`@prov4ml/backend-fs`). */
  readonly name: string;
  readonly specVersion: 1;
}

export type Prov4mlPlugin =
  | BackendPlugin
  | CollectorPlugin
  | ExporterPlugin
  | ModelInspectorPlugin
  | DatasetInspectorPlugin;
export type PluginKind = Prov4mlPlugin["kind"];

/** What `plugins: [...]` accepts: falsy entries are ignored and nested arrays (presets) flattened. */
export type PluginOption = Prov4mlPlugin | false | null | undefined | readonly PluginOption[];
