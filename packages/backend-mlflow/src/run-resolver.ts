import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeFileAtomically } from "@prov4ml/core";
import type { MlflowClient } from "./client.ts";
import { failureKind, MlflowConfigError } from "./errors.ts";
import { sleep } from "./retry.ts";
import type { KeyValue, MlflowRunInfo } from "./wire.ts";

/** File in the run directory where rank 0 publishes the MLflow run id for the other ranks. */
export const HANDOFF_FILE_NAME = "mlflow_run_id";

/** Tag holding prov4ml's run UUID: finds a run whose creation response was lost, and links back to PROV. */
export const PROV4ML_RUN_ID_TAG = "prov4ml.run_id";

export function handoffFileOf(runDir: string): string {
  return join(runDir, HANDOFF_FILE_NAME);
}

export interface RunTarget {
  experimentName: string;
  runName: string;
  startTime: number;
  createTags: readonly KeyValue[];
  rank: number;
  prov4mlRunId: string;
  handoffFile: string;
  /** Attach to this MLflow run instead of creating one. */
  mlflowRunId?: string | undefined;
}

/**
 * Finds or creates the MLflow run of a prov4ml run:
 * - an explicit run id (option, MLFLOW_RUN_ID, PROV4ML_MLFLOW_RUN_ID) is attached to;
 * - rank 0 gets or creates the experiment, then finds the run by tag `prov4ml.run_id` (a retry
 *   after a lost response) or creates it, and publishes its id in the handoff file;
 * - other ranks wait for that file (up to `attachTimeoutMs`).
 */
export async function resolveMlflowRun(
  client: MlflowClient,
  target: RunTarget,
  attachTimeoutMs: number,
  signal?: AbortSignal,
): Promise<MlflowRunInfo> {
  if (target.mlflowRunId) return (await client.getRun(target.mlflowRunId)).info;
  if (target.rank !== 0) {
    const runId = await waitForHandoff(target.handoffFile, attachTimeoutMs, signal);
    return (await client.getRun(runId)).info;
  }
  const experimentId = await client.getOrCreateExperiment(target.experimentName);
  const info = await findOrCreateRun(client, experimentId, target, signal);
  await publishHandoff(target.handoffFile, info.run_id);
  return info;
}

/**
 * runs/create is not retried blindly (a lost answer would make a second run): after a transient
 * failure the run is looked up by its `prov4ml.run_id` tag first, and created only when absent.
 */
async function findOrCreateRun(
  client: MlflowClient,
  experimentId: string,
  target: RunTarget,
  signal: AbortSignal | undefined,
): Promise<MlflowRunInfo> {
  for (let attempt = 0; ; attempt++) {
    const found = await client.searchRuns({
      experimentIds: [experimentId],
      filter: `tags.\`${PROV4ML_RUN_ID_TAG}\` = '${target.prov4mlRunId}'`,
      maxResults: 1,
      runViewType: "ALL",
    });
    if (found.runs[0]) return found.runs[0].info;
    try {
      return await client.createRun({
        experimentId,
        runName: target.runName,
        startTime: target.startTime,
        tags: [...target.createTags],
      });
    } catch (error) {
      if (failureKind(error) !== "transient" || attempt >= 3 || signal?.aborted) throw error;
    }
  }
}

async function publishHandoff(file: string, runId: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomically(file, `${runId}\n`);
}

async function waitForHandoff(file: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const id = (await readFile(file, "utf8").catch(() => "")).trim();
    if (id) return id;
    if (Date.now() >= deadline || signal?.aborted) {
      throw new MlflowConfigError(
        `no MLflow run id from rank 0 in ${file} after ${timeoutMs} ms: start rank 0 with the same run directory (same experimentName and PROV4ML_RUN_NUMBER), or pass the run id in PROV4ML_MLFLOW_RUN_ID.`,
      );
    }
    await sleep(200, signal);
  }
}
