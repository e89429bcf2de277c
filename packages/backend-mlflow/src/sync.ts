import type { MlflowClient, MlflowClientOptions } from "./client.ts";
import { MlflowClient as Client } from "./client.ts";
import { MlflowAuthError, MlflowConfigError } from "./errors.ts";
import { resolveMlflowRun } from "./run-resolver.ts";
import { Spool } from "./spool.ts";
import { coalesce, deliver, pointsIn } from "./work-item.ts";

export interface SyncOptions extends MlflowClientOptions {
  /** Called after each delivered record (for a progress line). */
  onProgress?: (report: SyncReport) => void;
  /** How long to wait for rank 0's run id when syncing another rank's spool (ms). Default 10000. */
  attachTimeoutMs?: number;
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
  /** Records still waiting (0 after a complete sync). */
  remainingBytes: number;
}

/**
 * Delivers what a run spooled in `<runDir>/mlflow_spool/` (server away, drain timed out, bad
 * credentials) to the MLflow server: creates or finds the run, then sends the records in order,
 * moving the cursor past each acknowledged one. Safe to repeat: a second call delivers nothing.
 * The tracking URI defaults to the one the run used; credentials come from options or env.
 */
export async function syncRunDirectory(runDir: string, options: SyncOptions = {}): Promise<SyncReport> {
  const spool = new Spool(runDir);
  const state = await spool.readState();
  const report: SyncReport = {
    runDir,
    mlflowRunId: state?.mlflowRunId,
    experimentId: state?.experimentId,
    trackingUri: undefined,
    deliveredRecords: 0,
    deliveredPoints: 0,
    rejectedRecords: 0,
    remainingBytes: 0,
  };
  if (!state) return report;
  if (!(await spool.lock())) {
    throw new MlflowConfigError(
      `${spool.dir} is being delivered by another process (see its lock file); wait for it to finish.`,
    );
  }
  try {
    const client: MlflowClient = new Client({
      ...options,
      trackingUri: options.trackingUri ?? process.env.MLFLOW_TRACKING_URI ?? state.trackingUri,
    });
    report.trackingUri = client.trackingUri;
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
    );
    report.mlflowRunId = run.run_id;
    report.experimentId = run.experiment_id;
    if (state.mlflowRunId !== run.run_id) {
      await spool.writeState({ ...state, mlflowRunId: run.run_id, experimentId: run.experiment_id });
    }
    let offset = await spool.readCursor();
    for (;;) {
      const records = spool.readRecords(offset);
      if (records.length === 0) break;
      for (const group of coalesce(records)) {
        const item = group.item;
        try {
          await deliver(client, run, item);
          report.deliveredRecords++;
          report.deliveredPoints += pointsIn(item);
        } catch (error) {
          if (error instanceof MlflowAuthError || !(error instanceof Error && "status" in error)) throw error;
          report.rejectedRecords++;
        }
        offset = group.end;
        await spool.writeCursor(offset);
        options.onProgress?.(report);
      }
    }
    report.remainingBytes = await spool.backlog();
    return report;
  } finally {
    await spool.unlock();
  }
}
