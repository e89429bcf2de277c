/**
 * @prov4ml/testing — an in-memory backend and a backend conformance suite for vitest.
 *
 * @packageDocumentation
 */
export { makeChunk } from "./chunks.ts";
export { type BackendConformanceOptions, describeBackendConformance, type StoredRun } from "./conformance.ts";
export {
  type InMemoryBackend,
  inMemoryBackend,
  type RecordedRun,
  type RecordedSeries,
  seriesKey,
} from "./in-memory-backend.ts";
export { makeRunInfo } from "./run-info.ts";
