/**
 * @prov4ml/exporter-prov — W3C PROV serialisations for prov4ml documents: a PROV-JSON writer and
 * lenient reader, PROV-N and PROV-O (Turtle) writers, exporter plugins for each, and `loadRun`, a
 * typed read API over run documents written by prov4ml or by the Python yProv4ML.
 *
 * @packageDocumentation
 */

/** The run directory's CSV reader is core's, re-exported for this package's users. */
export { parseMetricCsv } from "@prov4ml/core";
export { provJsonExporter, provNExporter, turtleExporter } from "./exporters.ts";
export type {
  ProvJsonAttributes,
  ProvJsonContainer,
  ProvJsonLiteral,
  ProvJsonValue,
} from "./prov-json/container.ts";
export { ProvJsonError } from "./prov-json/errors.ts";
export { type ParsedProvJson, parseProvJson, readProvJsonFile } from "./prov-json/read.ts";
export { toProvJson, toProvJsonObject } from "./prov-json/write.ts";
export { escapeLocalName } from "./provn/escape.ts";
export { toProvN } from "./provn/write.ts";
export { RoCrateError } from "./ro-crate/ro-crate-error.ts";
export { type RoCrateOptions, type RoCrateResult, writeRoCrate } from "./ro-crate/write-ro-crate.ts";
export { detectGeneration, loadRun } from "./run-view/load-run.ts";
export { MetricFileError } from "./run-view/metric-file.ts";
export { type ParsedPythonList, parsePythonList } from "./run-view/python-list.ts";
export { runDocumentNames } from "./run-view/run-document-names.ts";
export type {
  ArtifactView,
  DatasetView,
  MetricPoints,
  MetricSeriesView,
  ModelView,
  PlainValue,
  RunGeneration,
  RunView,
  RunViewStatus,
  SourceCodeView,
} from "./run-view/types.ts";
export { toTurtle } from "./turtle/write.ts";
