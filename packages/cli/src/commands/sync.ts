/** `prov4ml sync`: deliver what a run spooled for MLflow, through @prov4ml/backend-mlflow. */
import { statSync } from "node:fs";
import { parseCommandArguments, requirePositionals } from "../arguments.ts";
import type { Command } from "../command.ts";
import { CommandError } from "../errors.ts";
import type { CommandIO } from "../io.ts";

const HELP = `Usage: prov4ml sync <run dir> [--tracking-uri URI] [--give-up-after SECONDS] [--json]

Sends to MLflow what a run could not deliver while it ran (server away, bad credentials): the
records spooled in <run dir>/mlflow_spool/. Safe to repeat. Needs @prov4ml/backend-mlflow.
Progress and retries go to stderr; when the server does not answer it gives up after
--give-up-after seconds (default 300) and says so; nothing is lost, run it again later.
Credentials come from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD.

Options:
  --tracking-uri URI  MLflow server (default: MLFLOW_TRACKING_URI, else the one the run used)
  --give-up-after S   stop after S seconds when the server does not take the spool (default 300)
  --json              print the sync report as JSON
  -h, --help          show this help
`;

/** Only the types of the optional peer: it is imported at run time by `importMlflowBackend`. */
type SyncModule = Pick<typeof import("@prov4ml/backend-mlflow"), "syncRunDirectory">;
type SyncOptions = NonNullable<Parameters<SyncModule["syncRunDirectory"]>[1]>;

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
      "give-up-after": { type: "string" },
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
    const options = syncOptions(values["tracking-uri"], values["give-up-after"], io);
    const report = await syncRunDirectory(runDir!, options).catch((error: unknown) => {
      // The backend's typed errors (MlflowSyncIncompleteError, …) say what to do: pass them on as ours.
      if (error instanceof Error && typeof (error as { code?: unknown }).code === "string")
        throw new CommandError(error.message, { cause: error });
      throw error;
    });
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

/** Progress (at most one line a second) and every retry on stderr, so a slow server is never silent. */
function syncOptions(trackingUri: string | undefined, giveUpAfter: string | undefined, io: CommandIO) {
  const options: SyncOptions = {};
  if (trackingUri !== undefined) options.trackingUri = trackingUri;
  if (giveUpAfter !== undefined) {
    const seconds = Number(giveUpAfter);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new CommandError(
        `--give-up-after takes a number of seconds above 0, not ${JSON.stringify(giveUpAfter)}.`,
      );
    }
    options.giveUpAfterMs = seconds * 1000;
  }
  let lastLine = 0;
  options.onProgress = (report) => {
    const now = Date.now();
    if (now - lastLine < 1000 && report.remainingBytes > 0) return;
    lastLine = now;
    const done = report.totalBytes - report.remainingBytes;
    const percent = report.totalBytes > 0 ? Math.floor((100 * done) / report.totalBytes) : 100;
    io.stderr(
      `sync: ${percent}% (${done} of ${report.totalBytes} bytes, ${report.deliveredPoints} points)\n`,
    );
  };
  options.onRetry = (notice) => {
    io.stderr(
      `sync: ${notice.endpoint} failed: ${notice.error.message.split("\n")[0]} — retry ${notice.attempt} in ${(notice.delayMs / 1000).toFixed(1)} s\n`,
    );
  };
  return options;
}
