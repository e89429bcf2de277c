/**
 * @prov4ml/core — the PROV data model, runs, contexts, columnar metric storage and the plugin
 * registry. It knows plugin interfaces, never concrete plugins.
 *
 * @packageDocumentation
 */
export * from "./context.ts";
export * from "./errors.ts";
export * from "./prov/document.ts";
export * from "./prov/identifiers.ts";
export * from "./prov/literals.ts";
export * from "./prov/namespaces.ts";
export * from "./prov/record-kinds.ts";
export type * from "./plugins/backend.ts";
export type * from "./plugins/collector.ts";
export type * from "./plugins/events.ts";
export type * from "./plugins/exporter.ts";
export type * from "./plugins/model-inspector.ts";
export type * from "./plugins/plugin.ts";
export type * from "./plugins/run-info.ts";
export * from "./plugins/logger.ts";
export * from "./run/layout.ts";
export * from "./run/vocabulary.ts";
