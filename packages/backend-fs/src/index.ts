/**
 * @prov4ml/backend-fs — the embedded default backend: a yProv4ML-compatible run directory.
 *
 * @packageDocumentation
 */

export { eventJournalPath, readEventJournal } from "./event-journal.ts";
export { type FsBackendOptions, fsBackend } from "./fs-backend.ts";
export { type MetricCsvSeries, readMetricCsv } from "./read-metric-csv.ts";
