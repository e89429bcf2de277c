import type { Attributes, RunOutcome } from "@prov4ml/core";
import type { RunTarget } from "./run-resolver.ts";
import type { Reachability } from "./session-state.ts";
import type { SpoolState } from "./spool.ts";
import type { MlflowRunInfo } from "./wire.ts";

/** What the spool's `state.json` says about the run, so `prov4ml sync` can find or create it. */
export function spoolStateOf(
  trackingUri: string,
  target: RunTarget,
  mlflowRun: MlflowRunInfo | undefined,
): SpoolState {
  const state: SpoolState = {
    version: 1,
    trackingUri,
    experimentName: target.experimentName,
    runName: target.runName,
    startTime: target.startTime,
    createTags: [...target.createTags],
    rank: target.rank,
    prov4mlRunId: target.prov4mlRunId,
    handoffFile: target.handoffFile,
  };
  if (target.mlflowRunId) state.mlflowRunId = target.mlflowRunId;
  if (mlflowRun) {
    state.mlflowRunId = mlflowRun.run_id;
    state.experimentId = mlflowRun.experiment_id;
    if (mlflowRun.artifact_uri) state.artifactUri = mlflowRun.artifact_uri;
  }
  return state;
}

/** The document's attributes: where the run went, and what the server refused on purpose. */
export function mlflowProvAttributes(
  trackingUri: string,
  run: MlflowRunInfo | undefined,
  dropped: number,
  rejections: readonly string[],
): Attributes {
  const attributes: Attributes = { "prov4ml:mlflow_tracking_uri": trackingUri };
  if (run) {
    attributes["prov4ml:mlflow_experiment_id"] = run.experiment_id;
    attributes["prov4ml:mlflow_run_id"] = run.run_id;
  }
  // What the server refused on purpose (4xx with MLflow's error body), so the document says it too.
  if (dropped > 0) {
    attributes["prov4ml:mlflow_rejected"] = dropped;
    attributes["prov4ml:mlflow_rejection"] = [...rejections];
  }
  return attributes;
}

/** Close's info: the run, and how much waits in the spool (the end status too). */
export function closeInfoOf(
  trackingUri: string,
  run: MlflowRunInfo | undefined,
  backlog: number,
  statusSpooled: boolean,
): Record<string, string | number | boolean> {
  const info: Record<string, string | number | boolean> = {
    mlflow_tracking_uri: trackingUri,
    mlflow_spooled_bytes: backlog,
  };
  if (run) {
    info.mlflow_run_id = run.run_id;
    info.mlflow_experiment_id = run.experiment_id;
  }
  if (statusSpooled && backlog > 0) info.mlflow_status_spooled = true;
  return info;
}

export interface BacklogSituation {
  trackingUri: string;
  reachable: Reachability;
  drained: boolean;
  timeoutMs: number;
  opened: boolean;
  problem: string | undefined;
  statusSpooled: boolean;
  spoolDir: string;
  runDir: string;
}

/** Says what happened, what is in the spool (the end status too) and how to deliver it. */
export function backlogWarning(outcome: RunOutcome, situation: BacklogSituation): string {
  const { trackingUri: uri, problem } = situation;
  const why =
    situation.reachable === "auth"
      ? `${uri} refused the credentials`
      : !situation.drained
        ? `${uri} did not take everything within ${situation.timeoutMs} ms (the endRun wait: timeoutMs of endRun, drainTimeoutMs of the backend)${problem ? `; last problem: ${problem}` : ""}`
        : !situation.opened
          ? `the MLflow run could not be opened at ${uri} before the run ended (${problem ?? "no answer yet"})`
          : `${uri} could not be used${problem ? `: ${problem}` : ""}`;
  const status = situation.statusSpooled
    ? ` The run's end status (${outcome.status}) is in the spool too: MLflow shows the run as RUNNING until it is delivered.`
    : "";
  return `MLflow backend: ${why}. The rest is in ${situation.spoolDir}.${status} Deliver it with \`prov4ml sync ${situation.runDir}\`.`;
}
