import { appendFileSync, closeSync as closeFd, fsyncSync, mkdirSync, openSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import {
  type Attributes,
  type BackendPlugin,
  type BackendSession,
  type LiveChunk,
  METRIC_CSV_HEADER,
  type MetricChunk,
  type MetricSeriesKey,
  metricFilePath,
  type RunBatch,
  type RunEvent,
  type RunExitOutcome,
  type RunInfo,
  StorageError,
  TERMS,
  writeFileAtomically,
  writeFileAtomicallySync,
} from "@prov4ml/core";

function chunkColumns(chunk: MetricChunk) {
  return { steps: chunk.steps, values: chunk.values, timestamps: chunk.timestamps, length: chunk.length };
}

import {
  type AppendItem,
  AppendWorker,
  type BacklogLimits,
  DEFAULT_BACKLOG_LIMITS,
} from "./append-worker.ts";

import { eventJournalPath } from "./event-journal.ts";
import { chunkToCsvRows } from "./metric-csv.ts";

/** How long `closeSync` waits for the append worker to finish what it was given. */
const EXIT_WAIT_MS = 5_000;

export interface FsBackendOptions extends Partial<BacklogLimits> {
  /** Plugin name, if you register two file-system backends. */
  name?: string;
}

/**
 * The embedded default backend. Everything lands in the run directory the core allocated:
 *
 * - metrics are appended, as they arrive, to `metrics_GR<rank>/<name>_<context>_<source>_GR<rank>.csv`
 *   (header `step,value,timestamp`); a crash loses at most the run's flush interval (default 1 s);
 * - params, tags, contexts, artifacts, datasets and models are appended as JSON lines to
 *   `events_GR<rank>.jsonl`, so a killed run keeps them even before its next checkpoint;
 * - the PROV document is checkpointed while the run is in progress (status RUNNING) and written
 *   at the end as `prov_<experiment>_GR<rank>_<N>.json`, always atomically (temporary file + rename),
 *   with the DOT/SVG/other renderings beside it.
 */
export function fsBackend(options: FsBackendOptions = {}): BackendPlugin {
  return {
    kind: "backend",
    name: options.name ?? "@prov4ml/backend-fs",
    specVersion: 1,
    capabilities: { metrics: true, artifacts: true, documents: true },
    async openRun(info) {
      return new FsRunSession(info, { ...DEFAULT_BACKLOG_LIMITS, ...definedLimits(options) });
    },
  };
}

class FsRunSession implements BackendSession {
  private readonly appender: AppendWorker;
  private readonly files = new Map<string, Map<string, string>>();
  private readonly journal: string;
  private closed = false;

  constructor(
    private readonly info: RunInfo,
    limits: BacklogLimits,
  ) {
    this.appender = new AppendWorker(info.runDir, info.flushIntervalMs, limits);
    this.journal = join(info.runDir, eventJournalPath(info.rank));
  }

  /** What a full disk cost, exactly, in the run's document (absent when nothing was lost). */
  provAttributes(): Attributes {
    const { points, events } = this.lostTotals();
    return {
      ...(points > 0 ? { [TERMS.lostMetricPoints]: points } : {}),
      ...(events > 0 ? { [TERMS.lostEvents]: events } : {}),
    };
  }

  private lostTotals(): { points: number; events: number } {
    let points = 0;
    let events = 0;
    for (const [file, count] of this.appender.lost) {
      if (file.endsWith(".jsonl")) events += count;
      else points += count;
    }
    return { points, events };
  }

  /** One warning with every count, for `endRun`: what the bounded backlog could not keep. */
  private lostWarning(): string[] {
    if (this.appender.lost.size === 0) return [];
    const parts = [...this.appender.lost].map(([file, count]) => `${basename(file)}: ${count}`);
    const { points, events } = this.lostTotals();
    return [
      `${points} metric points and ${events} events could not be written to ${JSON.stringify(this.info.runDir)} (the disk refused writes for longer than the in-memory backlog holds) and are lost — ${parts.join(", ")}`,
    ];
  }

  /**
   * The run's end at process exit (see `BackendSession.closeSync`): waits (bounded) for the
   * worker to write what it was given, appends the remaining rows with synchronous I/O, syncs
   * them and writes the final document atomically.
   */
  closeSync(outcome: RunExitOutcome) {
    this.closed = true;
    if (!this.appender.catchUpSync(EXIT_WAIT_MS))
      this.info.logger.error("prov4ml: the append worker did not finish in time at process exit");
    // Events were posted to the worker as they were logged (watchEvent): the catch-up wrote them.
    const touched = new Set<string>([this.journal]);
    for (const batch of outcome.pending) {
      for (const chunk of batch.metrics) {
        const file = this.fileOf(chunk);
        if (!touched.has(file) && sizeOf(file) === 0) {
          mkdirSync(dirname(file), { recursive: true });
          appendFileSync(file, `${METRIC_CSV_HEADER}\n`);
        }
        appendFileSync(file, chunkToCsvRows(chunk));
        touched.add(file);
      }
    }
    for (const file of touched) syncFile(file);
    const written: Record<string, string> = {};
    for (const file of outcome.files) {
      const path = join(this.info.runDir, file.fileName);
      try {
        writeFileAtomicallySync(path, file.content);
      } catch (error) {
        throw new StorageError(this.info.runDir, `writing ${file.fileName}`, error, "");
      }
      written[file.format] = path;
    }
    return { files: written };
  }

  /** The worker persists the chunk's rows on its own clock (see `BackendSession.watchChunk`). */
  watchChunk(chunk: LiveChunk): void {
    this.appender.watch(this.fileOf(chunk.key), `${METRIC_CSV_HEADER}\n`, chunk);
  }

  /** Posts the event to the worker at once: it reaches the journal whether or not the training thread yields. */
  watchEvent(event: RunEvent): void {
    this.appender.appendNow(this.journal, `${JSON.stringify(event)}\n`);
  }

  /** Hands the rows to the append worker; settles once it wrote them (rejects with a failure it met). */
  write(batch: RunBatch): Promise<void> | undefined {
    const items: AppendItem[] = [];
    for (const chunk of batch.metrics) {
      items.push({ ...chunkColumns(chunk), file: this.fileOf(chunk), header: `${METRIC_CSV_HEADER}\n` });
    }
    // The worker also catches up with the live chunks, so a settled flush means rows in the files.
    return items.length > 0 ? this.appender.append(items) : this.appender.catchUp();
  }

  forceFlush(): Promise<void> {
    return this.appender.sync();
  }

  /** A series' CSV path, computed once: encoding the names is not free and every flush needs it. */
  private fileOf(chunk: MetricSeriesKey): string {
    let byName = this.files.get(`${chunk.context}\u0000${chunk.source}`);
    if (!byName) {
      byName = new Map();
      this.files.set(`${chunk.context}\u0000${chunk.source}`, byName);
    }
    let file = byName.get(chunk.name);
    if (file === undefined) {
      file = join(this.info.runDir, metricFilePath(chunk.name, chunk.context, chunk.source, this.info.rank));
      byName.set(chunk.name, file);
    }
    return file;
  }

  async checkpoint(checkpoint: {
    files: readonly { format: string; fileName: string; content: string | Uint8Array }[];
  }) {
    if (this.closed) return;
    for (const file of checkpoint.files) await this.writeDocument(file.fileName, file.content);
  }

  async close(outcome: {
    files: readonly { format: string; fileName: string; content: string | Uint8Array }[];
  }) {
    this.closed = true;
    try {
      await this.appender.close();
    } catch (error) {
      // Metric rows that could not be written must not cost the run its final document.
      this.info.logger.error((error as Error).message);
    }
    const written: Record<string, string> = {};
    const warnings = this.lostWarning();
    for (const file of outcome.files) {
      try {
        written[file.format] = await this.writeDocument(file.fileName, file.content);
      } catch (error) {
        // Reported, not thrown: the other renderings may still fit, and endRun must still return.
        warnings.push(
          `the final ${file.format} document was not written: ${(error as Error).message}` +
            (file.format === "prov-json"
              ? " The run directory keeps its last checkpoint (status RUNNING) and the metric files; `prov4ml show` and `prov4ml validate` read them."
              : ""),
        );
      }
    }
    return { files: written, warnings };
  }

  private async writeDocument(fileName: string, content: string | Uint8Array): Promise<string> {
    const path = join(this.info.runDir, fileName);
    try {
      await writeFileAtomically(path, content);
    } catch (error) {
      // A checkpoint is written again at the next one; the final document is said in endRun's warnings.
      throw new StorageError(this.info.runDir, `writing ${fileName}`, error, "");
    }
    return path;
  }
}

function definedLimits(options: FsBackendOptions): Partial<BacklogLimits> {
  const limits: Partial<BacklogLimits> = {};
  if (options.maxBacklogPoints !== undefined) limits.maxBacklogPoints = options.maxBacklogPoints;
  if (options.maxBacklogBytes !== undefined) limits.maxBacklogBytes = options.maxBacklogBytes;
  return limits;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function syncFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return; // never written (a run that logged no event)
  }
  try {
    fsyncSync(fd);
  } finally {
    closeFd(fd);
  }
}
