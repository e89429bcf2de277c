import { rm } from "node:fs/promises";
import { createConsoleLogger, type Logger } from "@prov4ml/core";
import { redactUri } from "./connection.ts";
import { MlflowConfigError } from "./errors.ts";
import type { MetricKeyFormat } from "./metric-keys.ts";
import { type PushRunView, type SpooledRank, spoolRunDirectory } from "./run-directory-spool.ts";
import { Spool, spoolDirName } from "./spool.ts";
import { type SyncOptions, type SyncReport, syncRunDirectory } from "./sync.ts";

export interface PushOptions extends SyncOptions {
  /** MLflow experiment for a run MLflow has never seen (default: the run's experiment name). */
  experimentName?: string;
  /** As the backend's option: how series become metric keys. */
  contextKeyFormat?: MetricKeyFormat;
  /** Told about keys MLflow refuses and values it truncates (default: the console). */
  logger?: Logger;
}

/** How each rank of the directory was found. */
export type PushedRankSource =
  /** MLflow never saw it: its files were written as a spool by this call, then delivered. */
  | "directory"
  /** A spool was there (a live run's backlog, or an earlier push): what it still held was delivered. */
  | "spool"
  /** Its document says MLflow took it live, with nothing left over: nothing to send. */
  | "live";

export interface PushReport extends SyncReport {
  ranks: { rank: number; source: PushedRankSource; closed: boolean; points: number }[];
}

/**
 * Delivers a run directory to an MLflow server, whenever: a run made with no MLflow configured (on
 * an air-gapped machine, say), a run killed before it closed (it ends KILLED), or the backlog a live
 * run spooled. `views` are the directory's rank documents as exporter-prov's `loadRun` reads them.
 *
 * One delivery path: a rank MLflow never saw is first written as the spool the live backend would
 * have written (same mapping, same request cuts), then every spool is delivered by
 * `syncRunDirectory`. The spool is the marker of what was delivered: its `state.json` names the
 * MLflow run, its cursor what the server acknowledged. So pushing again sends nothing, and a push
 * cut short (or a partial `sync`) resumes with only what is missing.
 *
 * @throws {MlflowConfigError} without a tracking URI, or for a directory already pushed to another server.
 */
export async function pushRunDirectory(
  runDir: string,
  views: readonly PushRunView[],
  options: PushOptions = {},
): Promise<PushReport> {
  const trackingUri = options.trackingUri ?? process.env.MLFLOW_TRACKING_URI;
  const ranks: PushReport["ranks"] = [];
  for (const view of views) {
    const rank = rankOf(view);
    const spool = new Spool(runDir, spoolDirName(rank));
    const state = await spool.readState();
    const closed = view.status !== "RUNNING";
    if (state) {
      if (trackingUri && state.mlflowRunId && !sameServer(trackingUri, state.trackingUri)) {
        throw new MlflowConfigError(
          `${runDir} (rank ${rank}) was already delivered to ${redactUri(state.trackingUri)} as MLflow run ${state.mlflowRunId}; push it to that server, or copy the run directory without its ${spoolDirName(rank)}/ to push the copy elsewhere.`,
        );
      }
      ranks.push({ rank, source: "spool", closed, points: 0 });
      continue;
    }
    const liveUri = view.attributes["prov4ml:mlflow_tracking_uri"];
    if (
      view.attributes["prov4ml:mlflow_run_id"] &&
      typeof liveUri === "string" &&
      (!trackingUri || sameServer(trackingUri, liveUri))
    ) {
      ranks.push({ rank, source: "live", closed, points: 0 });
      continue;
    }
    if (!trackingUri) {
      throw new MlflowConfigError(
        `prov4ml push needs an MLflow server for ${runDir}: pass --tracking-uri (trackingUri) or set MLFLOW_TRACKING_URI.`,
      );
    }
    // A spool without a state is one a push cut short: written again from the start.
    await rm(spool.dir, { recursive: true, force: true });
    const spooled: SpooledRank = await spoolRunDirectory(runDir, view, {
      trackingUri,
      experimentName: options.experimentName,
      contextKeyFormat: options.contextKeyFormat,
      logger: options.logger ?? createConsoleLogger(),
    });
    ranks.push({ rank, source: "directory", closed, points: spooled.points });
  }
  const syncOptions: SyncOptions = { ...options };
  if (trackingUri) syncOptions.trackingUri = trackingUri;
  const report = await syncRunDirectory(runDir, syncOptions);
  return { ...report, ranks };
}

function rankOf(view: PushRunView): number {
  const rank = view.attributes["prov4ml:global_rank"];
  return typeof rank === "number" && Number.isInteger(rank) ? rank : 0;
}

/** Same server, spelled with or without credentials or a trailing slash. */
function sameServer(a: string, b: string): boolean {
  return redactUri(a) === redactUri(b);
}
