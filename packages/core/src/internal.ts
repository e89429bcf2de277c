/**
 * @prov4ml/core/internal — what plugin authors and the prov4ml packages may need beyond the
 * stable API: the columnar series store, the run's parts, the document builder, environment
 * capture and name checks. **Unstable**: any of it may change in a minor release; pin the core's
 * version if you import it.
 *
 * @packageDocumentation
 */
export {
  ChunkPool,
  ColumnChunk,
  DEFAULT_CHUNK_SIZE,
  MetricSeries,
  type MetricSummary,
} from "./metrics/metric-series.ts";
export { MetricStore } from "./metrics/metric-store.ts";
export {
  ACTIVITY_FORMAL_ARGS,
  ELEMENT_KINDS,
  RELATION_FORMAL_ARGS,
  RELATION_KINDS,
} from "./prov/record-kinds.ts";
export { artifactDestination, digestPath, sha256File } from "./run/artifact-files.ts";
export { BackendDelivery, type ClosedBackends, type OpenedBackend } from "./run/backend-delivery.ts";
export { type AttachedCollector, CollectorSampling, type SamplingHost } from "./run/collector-sampling.ts";
export { closestKnownContext } from "./run/context-suggestion.ts";
export { refuseKernelFileSystem, STARTUP_FS_TIMEOUT_MS, withFsTimeout } from "./run/directory-guard.ts";
export { currentUser, environmentAttributes, RECORDED_ENV_VARS } from "./run/environment.ts";
export { checkName, MAX_NAME_LENGTH } from "./run/names.ts";
export { detectRank, type RankInfo } from "./run/ranks.ts";
export { buildRunDocument } from "./run/run-document.ts";
export type { RunParts } from "./run/run-parts.ts";
export type { RunState } from "./run/run-state.ts";
export { looksSecret, SECRET_KEY } from "./run/secrets.ts";
export { readSourceCode, type SourceCodeInfo } from "./run/source-code.ts";
export { decimalScan, scanDecimal } from "./run-directory/decimal-bytes.ts";
