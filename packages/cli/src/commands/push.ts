/**
 * `prov4ml push`: deliver run directories to MLflow, through @prov4ml/backend-mlflow. It is the one
 * delivery command: a run MLflow never saw is sent whole; a live run's spooled backlog is sent
 * as `sync` always did (`sync` is its older name, kept as an alias, see sync.ts).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadRun, runDocumentNames } from "@prov4ml/exporter-prov";
import { parseCommandArguments } from "../arguments.ts";
import type { Command } from "../command.ts";
import { CommandError } from "../errors.ts";
import type { CommandIO } from "../io.ts";

type PushModule = Pick<typeof import("@prov4ml/backend-mlflow"), "pushRunDirectory">;
type PushOptions = NonNullable<Parameters<PushModule["pushRunDirectory"]>[2]>;
type PushReport = Awaited<ReturnType<PushModule["pushRunDirectory"]>>;

const help = (
  name: string,
) => `Usage: prov4ml ${name} <run dir…> [--tracking-uri URI] [--experiment NAME] [--give-up-after SECONDS] [--json]

Delivers run directories to an MLflow server: params, metrics (every context, step and
timestamp), tags, status, start and end, artifacts, models (as LoggedModels), datasets and the
PROV documents. For a run made without MLflow (or killed before it closed: it ends KILLED), the
directory is first written as the spool the MLflow backend would have written; for a run that
spooled a backlog while it ran, what is left is sent. Safe to repeat: the spool records what the
server acknowledged, so a second push sends nothing and an interrupted one resumes.
\`prov4ml sync\` is the older name of this command. Needs @prov4ml/backend-mlflow.
Credentials come from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD.

Options:
  --tracking-uri URI  MLflow server (default: MLFLOW_TRACKING_URI, else the one the run used)
  --experiment NAME   MLflow experiment for a run MLflow never saw (default: the run's own)
  --give-up-after S   stop after S seconds when the server does not answer (default 300); nothing
                      is lost, run it again later
  --json              print the reports as JSON
  -h, --help          show this help
`;

/** Imports the MLflow backend on demand: it is an optional peer of the CLI. */
async function importMlflowBackend(command: string): Promise<PushModule> {
  const name = "@prov4ml/backend-mlflow";
  let module: Partial<PushModule>;
  try {
    module = (await import(name)) as Partial<PushModule>;
  } catch (error) {
    throw new CommandError(
      `prov4ml ${command} needs ${name}: install it next to @prov4ml/cli (npm install ${name}).`,
      { cause: error },
    );
  }
  if (typeof module.pushRunDirectory !== "function") {
    throw new CommandError(`${name} has no pushRunDirectory(): install a version that matches @prov4ml/cli.`);
  }
  return module as PushModule;
}

/** The push command under `name` (`push`, or its alias `sync`). */
export function deliveryCommand(name: string, summary: string): Command {
  return {
    name,
    summary,
    help: help(name),
    async run(args, io) {
      const {
        values,
        positionals,
        help: wantsHelp,
      } = parseCommandArguments(name, args, {
        "tracking-uri": { type: "string" },
        experiment: { type: "string" },
        "give-up-after": { type: "string" },
        json: { type: "boolean" },
      });
      if (wantsHelp) {
        io.stdout(help(name));
        return 0;
      }
      if (positionals.length === 0) throw new CommandError(`prov4ml ${name} needs a <run dir> argument.`);
      const { pushRunDirectory } = await importMlflowBackend(name);
      const options = pushOptions(name, values, io);
      const reports: PushReport[] = [];
      for (const runDir of positionals) {
        const views = await rankViews(runDir);
        const report = await pushRunDirectory(runDir, views, options).catch((error: unknown) => {
          // The backend's typed errors (MlflowSyncIncompleteError, …) say what to do: pass them on as ours.
          if (error instanceof Error && typeof (error as { code?: unknown }).code === "string")
            throw new CommandError(error.message, { cause: error });
          throw error;
        });
        reports.push(report);
        if (!values.json) io.stdout(summaryLine(name, report));
      }
      if (values.json) io.stdout(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
      return reports.some((report) => report.remainingBytes > 0) ? 1 : 0;
    },
  };
}

export const pushCommand = deliveryCommand(
  "push",
  "deliver run directories to MLflow (made offline, killed, or spooled)",
);

/** Each rank's document, read by `loadRun` (which recovers a run never closed from its files). */
async function rankViews(runDir: string) {
  if (!statSync(runDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CommandError(
      `no run directory at ${runDir}: give the directory a run wrote (prov_*.json, metrics_GR0/…).`,
    );
  }
  // each rank's document, lowest rank first (loadRun's order); a name without a rank is not a rank's
  const documents = runDocumentNames(readdirSync(runDir)).filter((file) => /_GR\d+_\d+\.json$/.test(file));
  return Promise.all(documents.map((file) => loadRun(join(runDir, file))));
}

function summaryLine(name: string, report: PushReport): string {
  if (report.mlflowRunId === undefined) {
    const live = report.ranks.some((rank) => rank.source === "live");
    return live
      ? `nothing to ${name} in ${report.runDir}: MLflow took it live (${report.ranks.length} rank document(s) say so).\n`
      : `nothing to ${name} in ${report.runDir}: no run document and no spooled records.\n`;
  }
  const killed = report.ranks.some((rank) => !rank.closed && rank.source === "directory");
  return (
    `${name === "push" ? "pushed" : "synced"} ${report.runDir}: ${report.deliveredRecords} records (${report.deliveredPoints} metric points) to MLflow run ${report.mlflowRunId} at ${report.trackingUri}` +
    `${report.deliveredRecords === 0 ? " (already there: nothing new)" : ""}` +
    `${killed ? "; the run was never closed and is marked KILLED" : ""}` +
    `${report.rejectedRecords > 0 ? `; ${report.rejectedRecords} rejected by the server: ${report.rejections[0]}` : ""}` +
    `${report.remainingBytes > 0 ? `; ${report.remainingBytes} bytes still waiting (run ${name} again)` : ""}\n`
  );
}

/** Progress and every retry on stderr, so a slow server is never silent: one rewritten line on a terminal. */
function pushOptions(
  name: string,
  values: { "tracking-uri"?: string; experiment?: string; "give-up-after"?: string },
  io: CommandIO,
): PushOptions {
  const options: PushOptions = {};
  if (values["tracking-uri"] !== undefined) options.trackingUri = values["tracking-uri"];
  if (values.experiment !== undefined) options.experimentName = values.experiment;
  const giveUpAfter = values["give-up-after"];
  if (giveUpAfter !== undefined) {
    const seconds = Number(giveUpAfter);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new CommandError(
        `--give-up-after takes a number of seconds above 0, not ${JSON.stringify(giveUpAfter)}.`,
      );
    }
    options.giveUpAfterMs = seconds * 1000;
  }
  const tty = io.stderrIsTTY === true;
  let lastLine = 0;
  options.onProgress = (report) => {
    const now = Date.now();
    const finished = report.remainingBytes === 0;
    if (now - lastLine < (tty ? 100 : 1000) && !finished) return;
    lastLine = now;
    const done = report.totalBytes - report.remainingBytes;
    const percent = report.totalBytes > 0 ? Math.floor((100 * done) / report.totalBytes) : 100;
    const line = `${name}: ${progressBar(percent)} ${percent}% (${done} of ${report.totalBytes} bytes, ${report.deliveredPoints} points)`;
    io.stderr(tty ? `\r${line}${finished ? "\n" : ""}` : `${line}\n`);
  };
  options.onRetry = (notice) => {
    io.stderr(
      `${tty ? "\n" : ""}${name}: ${notice.endpoint} failed: ${notice.error.message.split("\n")[0]} — retry ${notice.attempt} in ${(notice.delayMs / 1000).toFixed(1)} s\n`,
    );
  };
  return options;
}

function progressBar(percent: number, width = 20): string {
  const full = Math.round((percent / 100) * width);
  return `[${"#".repeat(full)}${".".repeat(width - full)}]`;
}
