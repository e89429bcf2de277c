import { BackendDelivery } from "./backend-delivery.ts";
import { CollectorSampling } from "./collector-sampling.ts";
import { MetricLogging } from "./metric-logging.ts";
import { PendingWork } from "./pending-work.ts";
import type { EndingRun } from "./run-end.ts";
import { RunFlusher } from "./run-flusher.ts";
import { createRunHost, type RunHost } from "./run-host.ts";
import { RunLifecycle } from "./run-lifecycle.ts";
import { newRunState, type RunParts } from "./run-parts.ts";
import type { RunState } from "./run-state.ts";
import { RunWarnings } from "./run-warnings.ts";
import { readSourceCode } from "./source-code.ts";

/** A run's parts, wired to each other; `Run` is the logging API over them. */
export interface RunPieces {
  readonly parts: RunParts;
  readonly state: RunState;
  readonly metrics: MetricLogging;
  readonly lifecycle: RunLifecycle;
  readonly delivery: BackendDelivery;
  readonly sampling: CollectorSampling;
  readonly pending: PendingWork;
  readonly warnings: RunWarnings;
  readonly flusher: RunFlusher;
  readonly host: RunHost;
  readonly sourceCodeReady: Promise<void>;
  readonly flushTimer: NodeJS.Timeout;
}

/**
 * Builds and starts a run's parts: the series store, backend delivery and its flusher (on a
 * timer), collector sampling (the background samplers started), the source-code read.
 */
export function assembleRun(parts: RunParts): RunPieces {
  const warnings = new RunWarnings(parts.info.logger);
  const warn = (message: string) => warnings.warn(message);
  const delivery = new BackendDelivery(parts.backends, warn);
  const lifecycle = new RunLifecycle(parts.info.runName);
  const pending = new PendingWork();
  // The closures below run only once the run is built (the store calls them on logging).
  const metrics = new MetricLogging(
    {
      clock: parts.clock,
      touchContext: (name) => host.touchContext(name),
      flush: () => void flusher.flush(),
    },
    delivery,
  );
  const state = newRunState(parts, () => metrics.store.series());
  const flusher = new RunFlusher(
    state,
    metrics.store,
    delivery,
    parts.exporters,
    parts.checkpointIntervalMs,
    warn,
  );
  const host = createRunHost({
    state,
    inspectors: parts.inspectors,
    datasetInspectors: parts.datasetInspectors,
    metrics,
    lifecycle,
    pending,
    warnings,
    now: () => parts.clock.now(),
    pushEvent: (event) => flusher.push(event),
  });
  const sampling = new CollectorSampling(parts.collectors, host);
  const sourceCodeReady = parts.logSourceCode
    ? readSourceCode().then((info) => {
        state.sourceCode = info;
      })
    : Promise.resolve();
  const flushTimer = setInterval(() => void flusher.flush(), parts.flushIntervalMs);
  flushTimer.unref();
  for (const [group, options] of Object.entries(parts.samplers)) if (options) sampling.start(group, options);
  return {
    parts,
    state,
    metrics,
    lifecycle,
    delivery,
    sampling,
    pending,
    warnings,
    flusher,
    host,
    sourceCodeReady,
    flushTimer,
  };
}

/** The view of the run its end goes through (see run-end.ts). */
export function endingRun(pieces: RunPieces): EndingRun {
  const { parts, sampling, flusher } = pieces;
  return {
    info: parts.info,
    state: pieces.state,
    pending: pieces.pending,
    sourceCodeReady: pieces.sourceCodeReady,
    sampling,
    delivery: pieces.delivery,
    exporters: parts.exporters,
    warnings: pieces.warnings,
    stopBackground: () => {
      clearInterval(pieces.flushTimer);
      sampling.stop();
      parts.clock.close();
    },
    flush: () => flusher.flush(),
    takeRemaining: () => flusher.takeRemaining(),
  };
}
