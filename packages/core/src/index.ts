/**
 * @prov4ml/core — the PROV data model, runs, contexts, columnar metric storage and the plugin
 * registry. It knows plugin interfaces, never concrete plugins.
 *
 * Every export is named here: this is the stable API. What plugin authors may need beyond it
 * (the series store, the run document builder, the run's parts) is in `@prov4ml/core/internal`,
 * which may change in any minor release.
 *
 * @packageDocumentation
 */

export { type BuiltinContext, Context, type ContextName } from "./context.ts";
export { CARBON_METRIC_NAMES, METRIC_SOURCES, SYSTEM_METRIC_NAMES } from "./conventions/metric-names.ts";
export {
  ArtifactNotFoundError,
  ArtifactPathError,
  InvalidArgumentError,
  InvalidMetricValueError,
  InvalidNameError,
  NoActiveRunError,
  NoCollectorError,
  ParamConflictError,
  PluginError,
  Prov4mlError,
  ProvModelError,
  RunAlreadyActiveError,
  RunEndedError,
  StorageError,
  UnrecognizedDatasetError,
  UnusableDirectoryError,
} from "./errors.ts";
export { type MillisecondClock, startMillisecondClock, systemClock } from "./metrics/millisecond-clock.ts";
export {
  builtinModelInspectors,
  modelFileInspector,
  tfjsLikeInspector,
  typedArrayRecordInspector,
} from "./model-inspectors/index.ts";
export type {
  BackendCapabilities,
  BackendCloseResult,
  BackendPlugin,
  BackendSession,
  LiveChunk,
  RunCheckpoint,
  RunExitOutcome,
  RunOutcome,
} from "./plugins/backend.ts";
export type {
  CollectedMetric,
  CollectorCapabilities,
  CollectorFinish,
  CollectorPlugin,
  CollectorSample,
  CollectorSession,
  UnavailableSource,
} from "./plugins/collector.ts";
export type {
  DatasetElementField,
  DatasetInfo,
  DatasetInspectorPlugin,
} from "./plugins/dataset-inspector.ts";
export type {
  ArtifactEvent,
  ContextEvent,
  DatasetEvent,
  MetricChunk,
  MetricSeriesKey,
  ModelEvent,
  ParamEvent,
  RunBatch,
  RunEvent,
  TagEvent,
} from "./plugins/events.ts";
export type { ExportedFile, ExporterPlugin } from "./plugins/exporter.ts";
export { createConsoleLogger, type Logger, silentLogger } from "./plugins/logger.ts";
export type { LayerInfo, ModelInfo, ModelInspectorPlugin } from "./plugins/model-inspector.ts";
export type { PluginBase, PluginKind, PluginOption, Prov4mlPlugin } from "./plugins/plugin.ts";
export type { RunInfo, RunStatus } from "./plugins/run-info.ts";
export { ProvDocument, type ProvRecord, type ProvTime, type RelationArgs } from "./prov/document.ts";
export { decodeLocalName, encodeLocalName, splitQualifiedName } from "./prov/identifiers.ts";
export {
  type Attributes,
  type AttributeValue,
  dateTimeValue,
  doubleLexical,
  isLangString,
  isTypedLiteral,
  type LangString,
  literalToJs,
  numberValue,
  type ProvValue,
  qualifiedNameValue,
  type TypedLiteral,
  toIsoDateTime,
} from "./prov/literals.ts";
export {
  DCTERMS_NS,
  MLS_NS,
  PREDECLARED_PREFIXES,
  PROV_NS,
  PROV4ML_NS,
  toNamespaceIri,
  XSD_NS,
} from "./prov/namespaces.ts";
export {
  type ElementKind,
  formalArgsOf,
  isRecordKind,
  isRelationKind,
  RECORD_KINDS,
  RELATIONS_WITHOUT_ID,
  type RecordKind,
  type RelationKind,
  TIME_ARGS,
} from "./prov/record-kinds.ts";
export { createProv4ml, type Prov4ml, type Prov4mlOptions } from "./prov4ml.ts";
export { createRegistry, type PluginRegistry } from "./registry.ts";
export { type DatasetStats, datasetInfoStats } from "./run/dataset-info-stats.ts";
export type {
  ArtifactOptions,
  DatasetDescription,
  DatasetOptions,
  InspectableDataset,
  ModelOptions,
} from "./run/logging-options.ts";
export { EXECUTION_TIME_SOURCE, USER_METRIC_SOURCE } from "./run/metric-logging.ts";
export type { MetricOptions } from "./run/metric-options.ts";
export type { EndRunOptions, EndRunResult, SamplerOptions, StartRunOptions } from "./run/options.ts";
export { Run } from "./run/run.ts";
export { recordId } from "./run/run-document.ts";
export { DEFAULT_USER_NAMESPACE } from "./run/run-start.ts";
export { redactArgv, stripUrlCredentials } from "./run/secrets.ts";
export { TERMS, TYPES } from "./run/vocabulary.ts";
export { writeFileAtomically, writeFileAtomicallySync } from "./run-directory/atomic-write.ts";
export { parseEventJournal, readEventJournal } from "./run-directory/event-journal-reader.ts";
export {
  artifactsDirName,
  eventJournalName,
  METRIC_CSV_HEADER,
  metricFilePath,
  metricsDirName,
  provFileName,
  runDirName,
  runNameOf,
  seriesKeyOfMetricStem,
} from "./run-directory/layout.ts";
export {
  type MetricCsvPoints,
  parseMetricCsv,
  parseMetricCsvBytes,
  readMetricCsvFile,
} from "./run-directory/metric-csv-reader.ts";
