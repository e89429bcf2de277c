import { appendFileSync, closeSync as closeFd, fsyncSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type BackendPlugin,
  type BackendSession,
  type LiveChunk,
  METRIC_CSV_HEADER,
  type MetricChunk,
  type MetricSeriesKey,
  metricFilePath,
  type RunBatch,
  type RunExitOutcome,
  type RunInfo,
  StorageError,
  writeFileAtomically,
  writeFileAtomicallySync,
} from "@prov4ml/core";

function chunkColumns(chunk: MetricChunk) {
  return { steps: chunk.steps, values: chunk.values, timestamps: chunk.timestamps, length: chunk.length };
}

import { type AppendItem, AppendWorker } from "./append-worker.ts";

import { eventJournalPath } from "./event-journal.ts";
import { chunkToCsvRows } from "./metric-csv.ts";

/** How long `closeSync` waits for the append worker to finish what it was given. */
const EXIT_WAIT_MS = 5_000;

export interface FsBackendOptions {
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
      return new FsRunSession(info);
    },
  };
}

class FsRunSession implements BackendSession {
  private readonly appender: AppendWorker;
  private readonly files = new Map<string, Map<string, string>>();
  private closed = false;

  constructor(private readonly info: RunInfo) {
    this.appender = new AppendWorker(info.runDir, info.flushIntervalMs);
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
    const touched = new Set<string>();
    for (const batch of outcome.pending) {
      if (batch.events.length > 0) {
        const file = join(this.info.runDir, eventJournalPath(this.info.rank));
        appendFileSync(file, batch.events.map((event) => `${JSON.stringify(event)}\n`).join(""));
        touched.add(file);
      }
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
        throw new StorageError(this.info.runDir, `writing ${file.fileName}`, error);
      }
      written[file.format] = path;
    }
    return { files: written };
  }

  /** The worker persists the chunk's rows on its own clock (see `BackendSession.watchChunk`). */
  watchChunk(chunk: LiveChunk): void {
    this.appender.watch(this.fileOf(chunk.key), `${METRIC_CSV_HEADER}\n`, chunk);
  }

  /** Hands the rows to the append worker; settles once it wrote them (rejects with a failure it met). */
  write(batch: RunBatch): Promise<void> | undefined {
    const items: AppendItem[] = [];
    if (batch.events.length > 0) {
      const text = batch.events.map((event) => `${JSON.stringify(event)}\n`).join("");
      items.push({ file: join(this.info.runDir, eventJournalPath(this.info.rank)), text });
    }
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
    for (const file of outcome.files)
      written[file.format] = await this.writeDocument(file.fileName, file.content);
    return { files: written };
  }

  private async writeDocument(fileName: string, content: string | Uint8Array): Promise<string> {
    const path = join(this.info.runDir, fileName);
    try {
      await writeFileAtomically(path, content);
    } catch (error) {
      throw new StorageError(this.info.runDir, `writing ${fileName}`, error);
    }
    return path;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function syncFile(file: string): void {
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeFd(fd);
  }
}
