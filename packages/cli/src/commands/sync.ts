/** `prov4ml sync`: deliver what a run spooled for MLflow, through @prov4ml/backend-mlflow. */
import { statSync } from "node:fs";
import { parseCommandArguments, requirePositionals } from "../arguments.ts";
import type { Command } from "../command.ts";
import { CommandError } from "../errors.ts";

const HELP = `Usage: prov4ml sync <run dir> [--tracking-uri URI] [--json]

Sends to MLflow what a run could not deliver while it ran (server away, bad credentials): the
records spooled in <run dir>/mlflow_spool/. Safe to repeat. Needs @prov4ml/backend-mlflow.
Credentials come from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD.

Options:
  --tracking-uri URI  MLflow server (default: MLFLOW_TRACKING_URI, else the one the run used)
  --json              print the sync report as JSON
  -h, --help          show this help
`;

interface SyncModule {
  syncRunDirectory(runDir: string, options?: { trackingUri?: string }): Promise<Record<string, unknown>>;
}

/** Imports the MLflow backend on demand: it is an optional peer of the CLI. */
export async function importMlflowBackend(): Promise<SyncModule> {
  const name = "@prov4ml/backend-mlflow";
  let module: Partial<SyncModule>;
  try {
    module = (await import(name)) as Partial<SyncModule>;
  } catch (error) {
    throw new CommandError(
      `prov4ml sync needs ${name}: install it next to @prov4ml/cli (npm install ${name}).`,
      { cause: error },
    );
  }
  if (typeof module.syncRunDirectory !== "function") {
    throw new CommandError(`${name} has no syncRunDirectory(): install a version that matches @prov4ml/cli.`);
  }
  return module as SyncModule;
}

export const syncCommand: Command = {
  name: "sync",
  summary: "send a run's spooled records to MLflow",
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandArguments("sync", args, {
      "tracking-uri": { type: "string" },
      json: { type: "boolean" },
    });
    if (help) {
      io.stdout(HELP);
      return 0;
    }
    const [runDir] = requirePositionals("sync", positionals, ["run dir"]);
    if (!statSync(runDir!, { throwIfNoEntry: false })?.isDirectory()) {
      throw new CommandError(
        `no run directory at ${runDir}: give the directory the run wrote (it holds mlflow_spool/).`,
      );
    }
    const { syncRunDirectory } = await importMlflowBackend();
    const trackingUri = values["tracking-uri"];
    const report = await syncRunDirectory(runDir!, trackingUri === undefined ? {} : { trackingUri });
    if (values.json) {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else if (report.mlflowRunId === undefined) {
      io.stdout(`nothing to sync in ${runDir}: no spooled records.\n`);
    } else {
      io.stdout(
        `synced ${report.deliveredRecords} records (${report.deliveredPoints} metric points) to MLflow run ${report.mlflowRunId} at ${report.trackingUri}` +
          `${Number(report.rejectedRecords) > 0 ? `; ${report.rejectedRecords} rejected by the server` : ""}` +
          `${Number(report.remainingBytes) > 0 ? `; ${report.remainingBytes} bytes still waiting (run sync again)` : ""}\n`,
      );
    }
    return Number(report.remainingBytes) > 0 ? 1 : 0;
  },
};
