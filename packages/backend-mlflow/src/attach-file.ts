import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { BackendPlugin, EndRunResult } from "@prov4ml/core";
import type { MlflowClient } from "./client.ts";
import { MlflowValidationError } from "./errors.ts";

/** A file's content, or a function making it (called only when the file can be added). */
export type AttachedContent = string | Uint8Array | (() => Promise<string | Uint8Array>);

/** The MLflow backend plugin, which can also add a file to a run it has closed. */
export interface MlflowBackendPlugin extends BackendPlugin {
  /**
   * Adds a file to the MLflow run a prov4ml run went to, after `endRun` (a file made from the
   * finished run directory, like its report). `closeInfo` is the run's `endRun` result's
   * `backendInfo`. Resolves to false, without a request, when the run has no MLflow run to add to
   * or left records in its spool (the server was away: `prov4ml sync` first). Throws the client's
   * errors when the upload fails; `signal` bounds it (retries are short, as the live queue's).
   * `content` may be a function: it is called only once the file can be added (a report is not
   * rendered for a run that went to the spool).
   */
  attachFile(
    closeInfo: EndRunResult["backendInfo"],
    path: string,
    content: AttachedContent,
    options?: { signal?: AbortSignal },
  ): Promise<boolean>;
}

/** See `MlflowBackendPlugin.attachFile`: a REST run by its id, or a run of the local file store. */
export async function attachFileToRun(
  closeInfo: EndRunResult["backendInfo"],
  path: string,
  content: AttachedContent,
  client: () => MlflowClient,
): Promise<boolean> {
  if (path.split("/").some((part) => part === "" || part === "." || part === ".."))
    throw new MlflowValidationError(
      `artifact path ${JSON.stringify(path)} must be relative and /-separated, without "." or ".." parts: name a file inside the run's artifacts.`,
    );
  const { mlflow_run_id: runId, mlflow_store: store, mlflow_experiment_id: experimentId } = closeInfo;
  if (typeof runId !== "string" || runId === "") return false;
  if (typeof closeInfo.mlflow_spooled_bytes === "number" && closeInfo.mlflow_spooled_bytes > 0) return false;
  const bytes = typeof content === "function" ? await content() : content;
  if (typeof store === "string" && typeof experimentId === "string") {
    const target = join(store, experimentId, runId, "artifacts", ...path.split("/"));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
    return true;
  }
  await client().uploadArtifact(runId, path, bytes);
  return true;
}
