import { Worker } from "node:worker_threads";
import { type LiveChunk, StorageError } from "@prov4ml/core";
import { APPEND_WORKER_SOURCE } from "./append-worker-source.ts";

/** One file append: pre-rendered text, or a copied chunk the worker renders as CSV rows. */
export type AppendItem =
  | { file: string; header?: string; text: string }
  | {
      file: string;
      header?: string;
      steps: Float64Array;
      values: Float64Array;
      timestamps: Float64Array;
      length: number;
    };

/** Bounds on what waits in memory while the disk refuses writes (see append-worker-source.ts). */
export interface BacklogLimits {
  /** Metric rows kept for a later write; the oldest beyond this are dropped and counted. */
  maxBacklogPoints: number;
  /** Bytes of journal text (and copied rows) kept likewise. */
  maxBacklogBytes: number;
}

/** About 48 MiB of rows and 16 MiB of events: a few minutes of a fast loop on a full disk. */
export const DEFAULT_BACKLOG_LIMITS: BacklogLimits = {
  maxBacklogPoints: 2_000_000,
  maxBacklogBytes: 16 << 20,
};

/**
 * Appends metric rows and journal lines from a worker thread, so that formatting numbers as
 * text and writing files never run on the thread that trains. `append` only copies the chunks
 * (the run reuses them) and posts them; failures come back and are thrown by the next call.
 */
export class AppendWorker {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, () => void>();
  private failure: StorageError | undefined;
  private readonly progress = new Int32Array(new SharedArrayBuffer(4));
  /** Rows (CSV files) and events (the journal) dropped by the backlog bound, by file. */
  readonly lost = new Map<string, number>();

  constructor(
    private readonly directory: string,
    intervalMs = 1000,
    limits: BacklogLimits = DEFAULT_BACKLOG_LIMITS,
  ) {
    // execArgv: [] so that a parent started with --input-type=module does not make this CommonJS
    // script an ES module.
    this.worker = new Worker(APPEND_WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { progress: this.progress.buffer, intervalMs, ...limits },
    });
    this.worker.on(
      "message",
      (message: {
        type: string;
        id?: number;
        code?: string;
        message?: string;
        file?: string;
        counts?: [string, number][];
      }) => {
        for (const [file, count] of message.counts ?? [])
          this.lost.set(file, (this.lost.get(file) ?? 0) + count);
        if (message.type === "error") {
          const cause = Object.assign(new Error(message.message), { code: message.code });
          this.failure ??= new StorageError(this.directory, "appending metric points", cause);
        }
        if (message.id !== undefined) this.settle(message.id);
      },
    );
    this.worker.on("error", (error) => {
      this.failure ??= new StorageError(this.directory, "appending metric points", error);
      for (const id of [...this.waiting.keys()]) this.settle(id);
    });
    // After the listeners: attaching a "message" listener refs the worker's port again.
    this.worker.unref();
  }

  /** Throws the first failure the worker reported (once), so the run can report it. */
  private throwIfFailed(): void {
    const failure = this.failure;
    if (failure) {
      this.failure = undefined;
      throw failure;
    }
  }

  /**
   * Posts the items and resolves once the worker has written them (always posted: an earlier
   * failure never costs later points; it is reported by rejecting afterwards). Columns backed by a
   * SharedArrayBuffer (the run's own chunks) are shared with the worker, not copied: the run does
   * not reuse them before this promise settles. Other arrays are copied first.
   */
  append(items: AppendItem[]): Promise<void> {
    const transfer: ArrayBuffer[] = [];
    const posted = items.map((item) => {
      if ("text" in item) return item;
      const { steps, values, timestamps, length } = item;
      if (values.buffer instanceof SharedArrayBuffer) {
        return { file: item.file, header: item.header, steps, values, timestamps, length };
      }
      const copies = [steps.slice(0, length), values.slice(0, length), timestamps.slice(0, length)] as const;
      for (const copy of copies) transfer.push(copy.buffer as ArrayBuffer);
      return {
        file: item.file,
        header: item.header,
        steps: copies[0],
        values: copies[1],
        timestamps: copies[2],
        length,
      };
    });
    return this.request("append", { items: posted }, transfer);
  }

  /**
   * Posts text to append to `file` without waiting for an answer and without holding the process
   * open: it is written in the order posted, before any later request is answered, even while
   * the posting thread never yields. A failure comes back like any other (the next call throws).
   */
  appendNow(file: string, text: string): void {
    this.worker.postMessage({ type: "append-now", file, text });
  }

  /** Resolves once everything posted before is on disk (fdatasync). */
  sync(): Promise<void> {
    return this.request("sync");
  }

  /**
   * Has the worker persist, every `intervalMs` and on each sync and close, the rows the training
   * thread publishes in this chunk (see `LiveChunk`), appended to `file`.
   */
  watch(file: string, header: string, chunk: LiveChunk): void {
    const { cursor, steps, values, timestamps, capacity } = chunk;
    this.worker.postMessage({
      type: "watch",
      file,
      header,
      chunk: { cursor, steps, values, timestamps, capacity },
    });
  }

  /** Resolves once the worker has persisted every row published in the watched chunks so far. */
  catchUp(): Promise<void> {
    return this.request("catchup");
  }

  /** Blocks until the worker has persisted every row published so far (see `waitSync`). */
  catchUpSync(timeoutMs: number): boolean {
    const id = this.nextId++;
    this.worker.postMessage({ type: "catchup", id });
    return this.waitSync(timeoutMs);
  }

  /**
   * Blocks the calling thread until the worker has answered every request posted so far, or
   * `timeoutMs` passed (returns false then). For the process's `exit` event, where no message
   * can be received: the worker thread still runs and publishes its progress in shared memory.
   */
  waitSync(timeoutMs: number): boolean {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answered = Atomics.load(this.progress, 0);
      if (answered >= this.nextId) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.progress, 0, answered, left);
    }
  }

  /** Syncs, closes the files and stops the worker. */
  async close(): Promise<void> {
    await this.request("close");
    await this.worker.terminate();
  }

  private async request(
    type: "append" | "catchup" | "sync" | "close",
    payload: Record<string, unknown> = {},
    transfer: ArrayBuffer[] = [],
  ): Promise<void> {
    const id = this.nextId++;
    // Keep the process alive while we wait for the worker's answer.
    this.worker.ref();
    const done = new Promise<void>((resolvePromise) => this.waiting.set(id, resolvePromise));
    this.worker.postMessage({ type, id, ...payload }, transfer);
    await done;
    this.throwIfFailed();
  }

  private settle(id: number): void {
    const resolvePromise = this.waiting.get(id);
    if (!resolvePromise) return;
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker.unref();
    resolvePromise();
  }
}
