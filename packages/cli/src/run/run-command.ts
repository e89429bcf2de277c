/**
 * `prov4ml run [options] -- <command> [args…]`: runs any program and records its provenance —
 * command line, git state, exit status, output logs, metrics it prints, system use and carbon of
 * its process tree — as a prov4ml run. Exits with the command's own status.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { createProv4ml, type Run, redactArgv } from "@prov4ml/core";
import type { Command } from "../command.ts";
import type { CommandIO } from "../io.ts";
import { type ChildExit, exitStatusOf, runStatusOf, spawnFailure, startChild } from "./child-process.ts";
import { type EventsChannel, openEventsChannel } from "./events-channel.ts";
import { compareOutputs, hashPaths, listWatched, watchedChanges } from "./file-changes.ts";
import { mlflowRunIdForChild } from "./mlflow-run-id.ts";
import { ProcessTree } from "./process-tree.ts";
import { RecordSink } from "./record-sink.ts";
import { redactBytes, secretEnvValues } from "./redact-text.ts";
import { RUN_HELP } from "./run-help.ts";
import { parseRunOptions, type RunCommandOptions } from "./run-options.ts";
import { wrappedRunPlugins } from "./run-plugins.ts";
import { type PreparedTees, prepareTees, type Tees } from "./stream-tees.ts";
import { until } from "./until.ts";

export const runCommand: Command = {
  name: "run",
  summary: "run any command and record its provenance, logs, metrics and carbon",
  help: RUN_HELP,
  async run(args, io) {
    const options = parseRunOptions(args);
    if (options.help) {
      io.stdout(RUN_HELP);
      return 0;
    }
    return wrapCommand(options, io);
  },
};

/** The environment mark that finds the command's processes, even those that left its tree. */
export const MARK_VARIABLE = "PROV4ML_WRAPPED_RUN";

/** The command's channels, made before the run: its output tees and its events channel. */
interface Wiring {
  readonly streams: PreparedTees;
  readonly events: EventsChannel;
}

async function wrapCommand(options: RunCommandOptions, io: CommandIO): Promise<number> {
  // First: a channel that cannot be made fails the command before a run exists, and the relay
  // threads start up while the run is set up.
  const events = openEventsChannel(options.eventsPipe);
  const streams = prepareTees(options);
  try {
    return await wrapWired(options, { events, streams }, io);
  } finally {
    events.destroy();
    streams.dispose();
  }
}

async function wrapWired(options: RunCommandOptions, wiring: Wiring, io: CommandIO): Promise<number> {
  const env = process.env;
  const mark = `${MARK_VARIABLE}=${randomUUID()}`;
  const tree = new ProcessTree({ mark, follow: options.follow });
  const prov4ml = createProv4ml({ plugins: await wrappedRunPlugins(options, tree, env) });
  const sampler = { intervalMs: options.intervalMs, context: "training" };
  const run = await prov4ml.startRun({
    experimentName: options.experiment,
    provenanceSaveDir: options.dir,
    ...(options.description ? { description: options.description } : {}),
    tags: options.tags,
    ...(options.runNumber === undefined ? {} : { runNumber: options.runNumber }),
    systemMetrics: sampler,
    carbonMetrics: options.carbon ? sampler : false,
    closeOnExit: false, // the wrapper ends the run itself, from the child's exit
    clock: "system", // the shared clock keeps a thread awake: ~3% of a core while the command idles
  });
  run.logParam("command", redactArgv([options.command, ...options.args]).join(" "));
  run.logParam("working_directory", process.cwd());
  for (const input of options.inputs) await run.logArtifact(input, { isInput: true });
  const outputsBefore = await hashPaths(options.outputs);
  const watchedBefore = await listWatched(options.watch);
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    [MARK_VARIABLE]: mark.slice(MARK_VARIABLE.length + 1),
    PROV4ML_EVENTS: wiring.events.variable,
    PROV4ML_RUN_DIR: run.runDir,
  };
  if (env.MLFLOW_TRACKING_URI && !env.MLFLOW_RUN_ID) {
    const mlflowRunId = await mlflowRunIdForChild(env.MLFLOW_TRACKING_URI, run.runDir, options.mlflowWaitMs);
    if (mlflowRunId.runId) childEnv.MLFLOW_RUN_ID = mlflowRunId.runId;
    else io.stderr(`prov4ml run: ${mlflowRunId.why}; the command runs without MLFLOW_RUN_ID\n`);
  }
  const exit = await supervise(options, run, tree, childEnv, wiring, io);
  await recordFiles(options, run, outputsBefore, watchedBefore, io);
  const status = runStatusOf(exit);
  await run.endRun({ status });
  return exitStatusOf(exit);
}

async function supervise(
  options: RunCommandOptions,
  run: Run,
  tree: ProcessTree,
  env: NodeJS.ProcessEnv,
  { streams, events }: Wiring,
  io: CommandIO,
): Promise<ChildExit> {
  const sink = new RecordSink(run, process.cwd());
  const signalTree = (signal: NodeJS.Signals, except?: number) => {
    for (const pid of tree.members()) {
      if (pid === except) continue;
      try {
        process.kill(pid, signal);
      } catch {}
    }
  };
  const { child, exited } = startChild({
    command: options.command,
    args: options.args,
    env,
    stdio: streams.stdio,
    eventsDescriptor: events.descriptor,
    graceMs: options.graceMs,
    signalTree,
    mark: `${MARK_VARIABLE}=${env[MARK_VARIABLE]}`,
  });
  if (child.pid !== undefined) tree.setRoot(child.pid);
  const tees = streams.attach(child, sink);
  const eventsDone = events.read(child.stdio[3] as Readable | null, sink);
  const exit = await exited;
  if (exit.spawnError) {
    const reason = spawnFailure(options.command, exit.spawnError);
    io.stderr(`prov4ml run: ${reason}\n`);
    run.setTag("failure_reason", reason);
    for (const tee of Object.values(tees)) tee.stop();
    events.destroy();
    return exit;
  }
  if (options.follow) {
    await until(() => tree.members().size === 0, options.intervalMs);
    // A file has no end of stream: nobody in the tree is left to write it. With --no-follow,
    // drain waits for a file as for a pipe, until it has been quiet for an interval.
    for (const tee of Object.values(tees)) if ("writersGone" in tee) tee.writersGone();
  }
  events.finish();
  await drain(tees, options, eventsDone, events);
  await sink.settle();
  await storeLogs(run, tees, streams.notes);
  run.setTag("exit_code", exit.code === null ? "" : String(exit.code));
  if (exit.signal) run.setTag("exit_signal", exit.signal);
  if (exit.forwarded) run.setTag("forwarded_signal", exit.forwarded);
  run.setTag("protocol_records", String(sink.accepted));
  // The wrapper's own peak memory: what a flood of output costs it (kept bounded by design).
  run.setTag("wrapper_max_rss_bytes", String(process.resourceUsage().maxRSS * 1024));
  run.setTag("protocol_malformed", String(sink.malformed));
  if (sink.malformed > 0)
    io.stderr(
      `prov4ml run: ${sink.malformed} malformed prov4ml record(s), passed through; first: ${sink.reasons[0]}\n`,
    );
  return exit;
}

/** Reads the pipes to their end; without --no-follow a daemon holding them open is waited for. */
async function drain(
  tees: Tees,
  options: RunCommandOptions,
  eventsDone: Promise<void>,
  events: EventsChannel,
): Promise<void> {
  const list = Object.values(tees);
  const all = Promise.all([...list.map((tee) => tee.done), eventsDone]);
  if (options.follow) return void (await all);
  // --no-follow: once the pipes have been quiet for an interval, whoever holds them is not ours.
  let ended = false;
  void all.then(() => {
    ended = true;
  });
  await until(
    () => ended || list.every((tee) => performance.now() - tee.lastData() > options.intervalMs),
    options.intervalMs / 4,
  );
  if (!ended) {
    for (const tee of list) tee.stop();
    events.destroy();
    await Promise.all(list.map((tee) => tee.done)); // each tee's log is complete once it has stopped
  }
}

async function storeLogs(run: Run, tees: Tees, notes: PreparedTees["notes"]): Promise<void> {
  const secrets = secretEnvValues(process.env);
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-run-logs-"));
  try {
    for (const stream of ["stdout", "stderr"] as const) {
      const tee = tees[stream];
      if (!tee) {
        run.setTag(`${stream}_log`, notes[stream] ?? "not captured");
        continue;
      }
      const { bytes, omitted, totalBytes } = tee.log();
      writeFileSync(join(dir, `${stream}.log`), redactBytes(Buffer.from(bytes), secrets));
      await run.logArtifact(join(dir, `${stream}.log`), { name: `logs/${stream}.log` });
      run.setTag(`${stream}_log_bytes`, String(totalBytes));
      if (omitted > 0) run.setTag(`${stream}_log_omitted_bytes`, String(omitted));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function recordFiles(
  options: RunCommandOptions,
  run: Run,
  outputsBefore: Map<string, string | undefined>,
  watchedBefore: Map<string, string>,
  io: CommandIO,
): Promise<void> {
  const outputs = await compareOutputs(outputsBefore);
  for (const path of outputs.changed) await run.logArtifact(path, { copy: false });
  if (outputs.unchanged.length > 0) {
    run.setTag("unchanged_outputs", outputs.unchanged.join(" "));
    io.stderr(
      `prov4ml run: output(s) not changed by the command, not recorded as generated: ${outputs.unchanged.join(", ")}\n`,
    );
  }
  if (outputs.missing.length > 0) run.setTag("missing_outputs", outputs.missing.join(" "));
  for (const file of await watchedChanges(options.watch, watchedBefore))
    await run.logArtifact(file.path, { name: file.name, copy: false });
}
