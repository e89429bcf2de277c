import type { MlflowClient } from "./client.ts";
import { MlflowClient as Client } from "./client.ts";
import type { MlflowClientOptions } from "./client-options.ts";
import { redactUri } from "./connection.ts";
import { failureKind, MlflowConfigError, MlflowRequestError, MlflowSyncIncompleteError } from "./errors.ts";
import { resolveMlflowRun } from "./run-resolver.ts";
import { SPOOL_DIR_NAME, Spool, type SpoolState, spoolDirNames } from "./spool.ts";
import { coalesce, deliver, pointsIn, replayGroups } from "./work-item.ts";

export interface SyncOptions extends MlflowClientOptions {
  /** Called after each delivered record (for a progress line). */
  onProgress?: (report: SyncReport) => void;
  /** How long to wait for rank 0's run id when syncing another rank's spool (ms). Default 10000. */
  attachTimeoutMs?: number;
  /**
   * Overall limit (ms): past it, sync stops with `MlflowSyncIncompleteError` (nothing lost). Default
   * 300000. Each request has its own `requestTimeoutMs` (default 30000 here) and retries.
   */
  giveUpAfterMs?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
}

export interface SyncReport {
  runDir: string;
  /** The MLflow run the records went to (undefined when nothing was spooled). */
  mlflowRunId: string | undefined;
  experimentId: string | undefined;
  trackingUri: string | undefined;
  /** Records delivered by this call (log-batch requests, inputs, uploads, status). */
  deliveredRecords: number;
  deliveredPoints: number;
  /** Records the server rejected for good (reported, then skipped). */
  rejectedRecords: number;
  /** The server's words for each rejection (at most 20). */
  rejections: string[];
  /** Records still waiting (0 after a complete sync). */
  remainingBytes: number;
  /** Bytes of the spool in all, for a progress bar (`remainingBytes` of `totalBytes`). */
  totalBytes: number;
}

/**
 * Delivers what a run spooled in `<runDir>/mlflow_spool/` (server away, drain timed out, bad
 * credentials, a killed process) to the MLflow server: creates or finds the run, then sends the
 * records in order, moving the cursor past each acknowledged one. Safe to repeat: a second call
 * delivers nothing. Transient failures (network, cut responses, 5xx, an unreadable answer) are
 * retried; when the server stays away past `giveUpAfterMs` it throws `MlflowSyncIncompleteError`.
 * The tracking URI defaults to the one the run used; credentials come from options or env.
 */
export async function syncRunDirectory(runDir: string, options: SyncOptions = {}): Promise<SyncReport> {
  const names = spoolDirNames(runDir);
  const report = emptyReport(runDir);
  for (const name of names.length > 0 ? names : [SPOOL_DIR_NAME]) {
    const part = await syncSpool(runDir, new Spool(runDir, name), options);
    report.mlflowRunId ??= part.mlflowRunId;
    report.experimentId ??= part.experimentId;
    report.trackingUri ??= part.trackingUri;
    report.deliveredRecords += part.deliveredRecords;
    report.deliveredPoints += part.deliveredPoints;
    report.rejectedRecords += part.rejectedRecords;
    report.rejections.push(...part.rejections.slice(0, 20 - report.rejections.length));
    report.remainingBytes += part.remainingBytes;
    report.totalBytes += part.totalBytes;
  }
  return report;
}

function emptyReport(runDir: string): SyncReport {
  return {
    runDir,
    mlflowRunId: undefined,
    experimentId: undefined,
    trackingUri: undefined,
    deliveredRecords: 0,
    deliveredPoints: 0,
    rejectedRecords: 0,
    rejections: [],
    remainingBytes: 0,
    totalBytes: 0,
  };
}

/** Delivers one rank's spool. */
async function syncSpool(runDir: string, spool: Spool, options: SyncOptions): Promise<SyncReport> {
  const state = await spool.readState();
  const report = emptyReport(runDir);
  report.mlflowRunId = state?.mlflowRunId;
  report.experimentId = state?.experimentId;
  report.totalBytes = await spool.size();
  if (!state) return report;
  if (!(await spool.lock())) {
    throw new MlflowConfigError(
      `${spool.dir} is being delivered by another process (see its lock file); wait for it to finish.`,
    );
  }
  const giveUpAfterMs = options.giveUpAfterMs ?? 300_000;
  const limit = AbortSignal.timeout(giveUpAfterMs);
  const signal = options.signal ? AbortSignal.any([options.signal, limit]) : limit;
  try {
    const client: MlflowClient = new Client({
      requestTimeoutMs: 30_000,
      ...options,
      signal,
      trackingUri: options.trackingUri ?? process.env.MLFLOW_TRACKING_URI ?? state.trackingUri,
    });
    report.trackingUri = client.trackingUri;
    await deliverSpool(client, spool, state, report, options, signal);
    report.remainingBytes = await spool.backlog();
    return report;
  } catch (error) {
    if (failureKind(error) !== "transient") throw error;
    const reason = limit.aborted
      ? `the server did not take the spool within ${giveUpAfterMs} ms (giveUpAfterMs); last: ${(error as Error).message.replace(/\.$/, "")}`
      : (error as Error).message.replace(/\.$/, "");
    throw new MlflowSyncIncompleteError(runDir, reason, await spool.backlog(), error);
  } finally {
    await spool.unlock();
  }
}

async function deliverSpool(
  client: MlflowClient,
  spool: Spool,
  state: SpoolState,
  report: SyncReport,
  options: SyncOptions,
  signal: AbortSignal,
): Promise<void> {
  const run = await resolveMlflowRun(
    client,
    {
      experimentName: state.experimentName,
      runName: state.runName,
      startTime: state.startTime,
      createTags: state.createTags,
      rank: state.rank,
      prov4mlRunId: state.prov4mlRunId,
      handoffFile: state.handoffFile,
      mlflowRunId: state.mlflowRunId,
    },
    options.attachTimeoutMs ?? 10_000,
    signal,
  );
  report.mlflowRunId = run.run_id;
  report.experimentId = run.experiment_id;
  // The state then names the server and run that hold the records (push checks it on a later call).
  const trackingUri = redactUri(client.trackingUri);
  if (state.mlflowRunId !== run.run_id || state.trackingUri !== trackingUri) {
    await spool.writeState({
      ...state,
      trackingUri,
      mlflowRunId: run.run_id,
      experimentId: run.experiment_id,
    });
  }
  let offset = await spool.readCursor();
  report.remainingBytes = Math.max(0, report.totalBytes - offset);
  options.onProgress?.(report);
  for (;;) {
    const records = spool.readRecords(offset);
    if (records.length === 0) break;
    await replayGroups(
      coalesce(records),
      options.concurrency ?? 4,
      (item) => deliver(client, run, item, { signal }),
      (error) => error instanceof MlflowRequestError && failureKind(error) === "rejected",
      async (window) => {
        report.deliveredRecords += window.delivered.length;
        for (const item of window.delivered) report.deliveredPoints += pointsIn(item);
        report.rejectedRecords += window.rejected.length;
        for (const { error } of window.rejected)
          if (report.rejections.length < 20) report.rejections.push((error as Error).message);
        offset = window.end;
        await spool.writeCursor(offset);
        report.remainingBytes = Math.max(0, report.totalBytes - offset);
        options.onProgress?.(report);
      },
    );
  }
}
