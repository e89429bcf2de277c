/**
 * @prov4ml/core — the PROV data model, runs, contexts, columnar metric storage and the plugin
 * registry. It knows plugin interfaces, never concrete plugins.
 *
 * @packageDocumentation
 */
export * from "./context.ts";
export { CARBON_METRIC_NAMES, METRIC_SOURCES, SYSTEM_METRIC_NAMES } from "./conventions/metric-names.ts";
export * from "./errors.ts";
export * from "./metrics/metric-series.ts";
export * from "./metrics/metric-store.ts";
export * from "./metrics/millisecond-clock.ts";
export * from "./model-inspectors/index.ts";
export type * from "./plugins/backend.ts";
export type * from "./plugins/collector.ts";
export type * from "./plugins/events.ts";
export type * from "./plugins/exporter.ts";
export * from "./plugins/logger.ts";
export type * from "./plugins/model-inspector.ts";
export type * from "./plugins/plugin.ts";
export type * from "./plugins/run-info.ts";
export * from "./prov/document.ts";
export * from "./prov/identifiers.ts";
export * from "./prov/literals.ts";
export * from "./prov/namespaces.ts";
export * from "./prov/record-kinds.ts";
export * from "./prov4ml.ts";
export * from "./registry.ts";
export { artifactDestination, digestPath, sha256File } from "./run/artifact-files.ts";
export { currentUser, environmentAttributes, RECORDED_ENV_VARS } from "./run/environment.ts";
export * from "./run/layout.ts";
export type { MetricOptions } from "./run/metric-options.ts";
export { checkName, MAX_NAME_LENGTH } from "./run/names.ts";
export type * from "./run/options.ts";
export { detectRank, type RankInfo } from "./run/ranks.ts";
export * from "./run/run.ts";
export { buildRunDocument, recordId } from "./run/run-document.ts";
export type { RunState } from "./run/run-state.ts";
export { redactArgv, stripUrlCredentials } from "./run/secrets.ts";
export { readSourceCode, type SourceCodeInfo } from "./run/source-code.ts";
export * from "./run/vocabulary.ts";
