import { basename, dirname, join } from "node:path";
import { BACKEND_NAME, type MlflowBackendPlugin } from "@prov4ml/backend-mlflow";
import type { EndRunOptions, EndRunResult, PluginRegistry } from "@prov4ml/core";
import { renderReport } from "@prov4ml/explorer";
import { writeRoCrate } from "@prov4ml/exporter-prov";

/** The report's name among the MLflow run's artifacts. */
export const MLFLOW_REPORT_ARTIFACT = "prov4ml_report.html";

/** The upload is a courtesy after the run has been recorded: it must not hold the process's exit long. */
const REPORT_UPLOAD_TIMEOUT_MS = 15_000;

/** What the facade's `endRun` takes beyond the core's options. */
export interface FacadeEndRunOptions extends EndRunOptions {
  /**
   * Also pack the run directory as an RO-Crate 1.1 zip, `<run dir>.zip` beside it (yProv4ML's
   * `end_run(crate_ro_crate=True)`); its path is `files["ro-crate"]`.
   */
  createRoCrate?: boolean;
  /**
   * Upload the run's self-contained report (what `prov4ml report` writes) to its MLflow run as
   * `prov4ml_report.html`, shown in MLflow's Artifacts tab. Default true when the run went to
   * MLflow; `false` turns it off.
   */
  mlflowReport?: boolean;
}

/**
 * What the facade adds once the run has ended — files made from the finished run directory, so
 * after every backend closed: the RO-Crate, and the report in MLflow. Their failures are the
 * result's warnings: the run itself is recorded already.
 */
export async function finishExtras(
  result: EndRunResult,
  options: FacadeEndRunOptions,
  plugins: PluginRegistry,
): Promise<EndRunResult> {
  if (options.createRoCrate) {
    const target = join(dirname(result.runDir), `${basename(result.runDir)}.zip`);
    await writeRoCrate(result.runDir, target).then(
      (crate) => {
        result.files["ro-crate"] = crate.path;
      },
      (error: unknown) => result.warnings.push(`RO-Crate not written: ${messageOf(error)}`),
    );
  }
  const mlflow = plugins.backends.find(isMlflowBackend);
  if (mlflow && options.mlflowReport !== false && result.provJsonPath) {
    try {
      // rendered only when it can be uploaded: a run that went to the spool gets no report now
      const attached = await mlflow.attachFile(
        result.backendInfo,
        MLFLOW_REPORT_ARTIFACT,
        () => renderReport(result.runDir),
        { signal: AbortSignal.timeout(REPORT_UPLOAD_TIMEOUT_MS) },
      );
      if (!attached)
        result.warnings.push(
          `the report was not uploaded to MLflow (the run is not all in MLflow yet); \`prov4ml report ${result.runDir} -o ${MLFLOW_REPORT_ARTIFACT}\` writes it, to add to the MLflow run yourself once \`prov4ml sync\` delivered the run.`,
        );
    } catch (error) {
      result.warnings.push(`the report was not uploaded to MLflow: ${messageOf(error)}`);
    }
  }
  return result;
}

function isMlflowBackend(plugin: { name: string }): plugin is MlflowBackendPlugin {
  return (
    plugin.name === BACKEND_NAME && typeof (plugin as Partial<MlflowBackendPlugin>).attachFile === "function"
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
