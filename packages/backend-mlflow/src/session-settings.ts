import type { Logger, MetricChunk, RunInfo } from "@prov4ml/core";
import type { MlflowClient } from "./client.ts";
import { mlflowRunNameOf, systemTags } from "./event-mapping.ts";
import type { RetryPolicy } from "./retry.ts";
import type { RunTarget } from "./run-resolver.ts";
import type { Spool } from "./spool.ts";

export interface SessionSettings {
  client: MlflowClient;
  run: RunInfo;
  spool: Spool;
  metricKey: (chunk: MetricChunk) => string;
  /** Explicit MLflow run id to attach to. */
  attachRunId: string | undefined;
  handoffFile: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** Metric points held in memory before the queue overflows to the spool. */
  maxQueuedPoints: number;
  /** Retries of a live request before the server counts as gone and the queue goes to the spool. */
  liveRetry: RetryPolicy;
  /** How often an unreachable server is probed (GET /health). */
  probeIntervalMs: number;
  attachTimeoutMs: number;
  /** Upper bound of the drain at close, on top of the core's `outcome.timeoutMs`. */
  drainTimeoutMs: number | undefined;
  /** Shared with the client: aborting it stops every request and retry wait (close, out of time). */
  abort: AbortController;
  logger: Logger;
}

/** The MLflow run a session opens: created for its prov4ml run, or attached by id. */
export function sessionRunTarget(settings: SessionSettings): RunTarget {
  const run = settings.run;
  return {
    experimentName: run.experimentName,
    runName: mlflowRunNameOf(run),
    startTime: run.startTime,
    createTags: systemTags(run, mlflowRunNameOf(run)),
    rank: run.rank,
    prov4mlRunId: run.runId,
    handoffFile: settings.handoffFile,
    mlflowRunId: settings.attachRunId,
  };
}
