import { readdir } from "node:fs/promises";
import { join } from "node:path";
import {
  eventJournalName,
  type Logger,
  type MetricChunk,
  type RunInfo,
  readEventJournal,
  TERMS,
} from "@prov4ml/core";
import { BatchMapper } from "./batch-mapping.ts";
import { redactUri } from "./connection.ts";
import { MlflowConfigError } from "./errors.ts";
import { mlflowRunNameOf, provDocumentTagKey, systemTags } from "./event-mapping.ts";
import { MemoryQueue } from "./memory-queue.ts";
import { type MetricKeyFormat, metricKeyResolver } from "./metric-keys.ts";
import { handoffFileOf } from "./run-resolver.ts";
import { Spool, spoolDirName } from "./spool.ts";
import type { MlflowRunStatus } from "./wire.ts";
import { toSpoolLine } from "./work-item.ts";

/** A metric series of a run directory, its points read on demand (exporter-prov's `MetricSeriesView`). */
export interface PushSeries {
  name: string;
  context: string;
  source: string;
  load(): Promise<{ steps: Float64Array; values: Float64Array; timestamps: Float64Array }>;
}

/**
 * What `prov4ml push` needs of one rank's document, as exporter-prov's `loadRun` returns it
 * (`RunView`): for a run never closed, its series and params recovered from the directory's files.
 */
export interface PushRunView {
  runId?: string | undefined;
  experimentName?: string | undefined;
  runName?: string | undefined;
  status: string;
  /** ISO 8601. */
  startTime?: string | undefined;
  endTime?: string | undefined;
  attributes: Record<string, unknown>;
  /** Who ran it (the document's person agent). */
  user?: string | undefined;
  metrics: readonly PushSeries[];
}

export interface SpoolRunOptions {
  trackingUri: string;
  /** MLflow experiment (default: the run's experiment name). */
  experimentName?: string | undefined;
  contextKeyFormat?: MetricKeyFormat | undefined;
  logger: Logger;
}

/** What writing a rank's spool found in the directory. */
export interface SpooledRank {
  rank: number;
  /** The MLflow status the spool ends with (rank 0 only): a run never closed becomes KILLED. */
  status: MlflowRunStatus | undefined;
  closed: boolean;
  points: number;
  records: number;
}

/**
 * Writes one rank of a run directory as an MLflow spool (`mlflow_spool[_GR<rank>]/`), exactly as
 * the live session would have spooled it: the journal's events and the metric files through the
 * one event mapping (`BatchMapper`) and the session's queue (request cuts within MLflow's limits),
 * then the PROV documents and, for rank 0, the end status. `syncRunDirectory` then delivers it.
 */
export async function spoolRunDirectory(
  runDir: string,
  view: PushRunView,
  options: SpoolRunOptions,
): Promise<SpooledRank> {
  const run = runInfoOf(runDir, view, options);
  const spool = new Spool(runDir, spoolDirName(run.rank));
  const mapper = new BatchMapper(
    metricKeyResolver(run, options.contextKeyFormat),
    options.logger,
    "prov4ml push",
  );
  const events = await readEventJournal(join(runDir, eventJournalName(run.rank)));
  const closed = view.status !== "RUNNING";
  const spooled: SpooledRank = { rank: run.rank, status: undefined, closed, points: 0, records: 0 };
  const flushQueue = async (queue: MemoryQueue) => {
    const lines: string[] = [];
    for (let item = queue.take(); item; item = queue.take()) lines.push(await toSpoolLine(item, spool));
    spooled.records += lines.length;
    await spool.append(lines);
  };

  let lastSeen = run.startTime;
  for (const event of events) if ("timestamp" in event) lastSeen = Math.max(lastSeen, event.timestamp);
  const head = new MemoryQueue();
  head.add(mapper.map({ events, metrics: [] }));
  await flushQueue(head);
  // One series at a time: memory stays bounded by the largest series, not the run.
  for (const series of view.metrics) {
    const queue = new MemoryQueue();
    const chunk = await chunkOf(series);
    spooled.points += chunk.length;
    for (const time of chunk.timestamps) if (time > lastSeen) lastSeen = time;
    queue.add(mapper.map({ events: [], metrics: [chunk] }));
    await flushQueue(queue);
  }
  const tail = new MemoryQueue();
  await addDocuments(tail, runDir, view, run.rank);
  if (run.rank === 0) {
    spooled.status = closed ? (view.status as MlflowRunStatus) : "KILLED";
    const endTime = view.endTime ? Date.parse(view.endTime) : Number.NaN;
    // A run never closed ends, for MLflow, at the last moment its files record.
    tail.addItem({
      kind: "status",
      status: spooled.status,
      endTime: Number.isFinite(endTime) ? endTime : lastSeen,
    });
  }
  await flushQueue(tail);
  await spool.settled();
  // The state last: a spool with a state is complete, so a push cut short starts over (see push.ts).
  await spool.writeState({
    version: 1,
    trackingUri: redactUri(options.trackingUri), // as the live session writes it: never a password
    experimentName: run.experimentName,
    runName: mlflowRunNameOf(run),
    startTime: run.startTime,
    createTags: pushTags(run, view),
    rank: run.rank,
    prov4mlRunId: run.runId,
    handoffFile: handoffFileOf(runDir),
  });
  return spooled;
}

/** The run's identity, from its document: what the live session got from the core at start. */
function runInfoOf(runDir: string, view: PushRunView, options: SpoolRunOptions): RunInfo {
  const number = (key: string, fallback: number) => {
    const value = view.attributes[key];
    return typeof value === "number" && Number.isInteger(value) ? value : fallback;
  };
  const experimentName = options.experimentName ?? view.experimentName;
  const description = view.attributes[TERMS.description];
  if (!view.runId || !experimentName || !view.runName || !view.startTime) {
    throw new MlflowConfigError(
      `${runDir}: the run's document names no run id, experiment, run name or start time; is it a prov4ml run directory?`,
    );
  }
  return {
    runId: view.runId,
    runName: view.runName,
    runNumber: number(TERMS.runNumber, 0),
    experimentName,
    rank: number("prov4ml:global_rank", 0),
    worldSize: number(TERMS.worldSize, 1),
    runDir,
    startTime: Date.parse(view.startTime),
    userNamespace: "",
    user: view.user ?? "",
    description: typeof description === "string" ? description : undefined,
    tags: tagsOf(view.attributes[TERMS.tag]),
    logger: options.logger,
  };
}

/** The run's tags as the document lists them (`key=value`, one or several): startRun's and setTag's. */
function tagsOf(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const entry of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
    const text = String(entry);
    const at = text.indexOf("=");
    if (at > 0) tags[text.slice(0, at)] = text.slice(at + 1);
  }
  return tags;
}

/** The live session's creation tags, with the run's own command line as its source. */
function pushTags(run: RunInfo, view: PushRunView) {
  const commandLine = view.attributes["prov4ml:command_line"];
  return systemTags(run, mlflowRunNameOf(run))
    .filter((tag) => tag.key !== "mlflow.user" || tag.value !== "")
    .map((tag) =>
      tag.key === "mlflow.source.name" && typeof commandLine === "string"
        ? { key: tag.key, value: commandLine.split(" ")[1] ?? commandLine }
        : tag,
    )
    .concat([{ key: "prov4ml.pushed", value: "true" }]);
}

async function chunkOf(series: PushSeries): Promise<MetricChunk> {
  const points = await series.load();
  return {
    name: series.name,
    context: series.context,
    source: series.source,
    offset: 0,
    length: points.values.length,
    ...points,
  };
}

/** The rank's PROV documents (`prov_<run name>.*`) as run artifacts, the PROV-JSON one named by a tag. */
async function addDocuments(queue: MemoryQueue, runDir: string, view: PushRunView, rank: number) {
  const prefix = `prov_${view.runName}.`;
  const files = (await readdir(runDir)).filter((name) => name.startsWith(prefix)).sort();
  const json = files.find((name) => name.endsWith(".json"));
  if (json) queue.addTag({ key: provDocumentTagKey(rank), value: json });
  for (const name of files)
    queue.addItem({ kind: "artifact", path: name, file: join(runDir, name), dir: false });
}
