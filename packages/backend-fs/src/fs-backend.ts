import type { FileHandle } from "node:fs/promises";
import { mkdir, open } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  type BackendPlugin,
  type BackendSession,
  METRIC_CSV_HEADER,
  type MetricChunk,
  metricFilePath,
  type RunBatch,
  type RunInfo,
  StorageError,
} from "@prov4ml/core";
import { writeFileAtomically } from "./atomic-write.ts";
import { eventJournalPath } from "./event-journal.ts";
import { chunkToCsvRows } from "./metric-csv.ts";

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
  private readonly files = new Map<string, FileHandle>();
  private closed = false;

  constructor(private readonly info: RunInfo) {}

  async write(batch: RunBatch): Promise<void> {
    // Build every row now: the chunks' buffers are reused once this promise settles.
    const rowsByFile = new Map<string, string>();
    if (batch.events.length > 0) {
      rowsByFile.set(
        eventJournalPath(this.info.rank),
        batch.events.map((event) => `${JSON.stringify(event)}\n`).join(""),
      );
    }
    for (const chunk of batch.metrics) {
      const path = metricFilePath(chunk.name, chunk.context, chunk.source, this.info.rank);
      rowsByFile.set(path, (rowsByFile.get(path) ?? "") + chunkToCsvRows(chunk));
    }
    for (const [relativePath, rows] of rowsByFile) {
      const absolute = join(this.info.runDir, relativePath);
      try {
        const handle = await this.handleFor(absolute);
        await handle.write(rows);
      } catch (error) {
        throw new StorageError(dirname(absolute), "appending metric points", error);
      }
    }
  }

  private async handleFor(path: string): Promise<FileHandle> {
    let handle = this.files.get(path);
    if (handle) return handle;
    await mkdir(dirname(path), { recursive: true });
    handle = await open(path, "a");
    this.files.set(path, handle);
    const isMetricFile = path.endsWith(".csv");
    if (isMetricFile && (await handle.stat()).size === 0) await handle.write(`${METRIC_CSV_HEADER}\n`);
    return handle;
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this.files.values()].map((handle) => handle.datasync().catch(() => undefined)));
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
    await Promise.all([...this.files.values()].map((handle) => handle.close().catch(() => undefined)));
    this.files.clear();
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
