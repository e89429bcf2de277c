import { Worker } from "node:worker_threads";
import { type LiveChunk, StorageError } from "@prov4ml/core";
import { chunkToCsvRows } from "./metric-csv.ts";

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

/**
 * The worker's code, as a CommonJS script. It reuses `chunkToCsvRows` by its source text, so
 * the CSV format is defined once (metric-csv.ts). Synchronous appends keep each file's rows in
 * the order they were posted.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
// progress[0]: id + 1 of the last request answered, for a main thread waiting synchronously.
const progress = new Int32Array(workerData.progress);
function answered(id) {
  Atomics.store(progress, 0, id + 1);
  Atomics.notify(progress, 0);
  parentPort.postMessage({ type: "done", id });
}
const fs = require("node:fs");
const path = require("node:path");
const chunkToCsvRows = ${chunkToCsvRows.toString()};
const fds = new Map();
// Each file's size, read once at open and then kept here: no fstat before every append.
const sizes = new Map();
// Files appended to since the last sync: each is synced once, not every file every time.
const dirty = new Set();
function fdFor(file, header) {
  let fd = fds.get(file);
  if (fd !== undefined) return fd;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fd = fs.openSync(file, "a");
  fds.set(file, fd);
  sizes.set(fd, fs.fstatSync(fd).size);
  if (header && sizes.get(fd) === 0) appendWhole(fd, header);
  return fd;
}
// Appends all of the text or none of it: on a failure (a full disk) the file is cut back to its
// size before, so that rows appended once space returns never follow half a row.
function appendWhole(fd, text) {
  const bytes = Buffer.from(text);
  const sizeBefore = sizes.get(fd);
  let written = 0;
  try {
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    try { fs.ftruncateSync(fd, sizeBefore); } catch {}
    throw error;
  }
  sizes.set(fd, sizeBefore + bytes.length);
  dirty.add(fd);
}
// Live chunks by CSV file, oldest first: the rows the training thread publishes there are
// persisted on this thread's own clock, whether or not the training thread ever yields.
const live = new Map();
let reportedFailure = false;
function catchUp() {
  let failure;
  for (const [file, series] of live) {
    try {
      while (series.queue.length > 0) {
        const chunk = series.queue[0];
        const published = Atomics.load(chunk.cursor, 0);
        if (published > chunk.persisted) {
          const from = chunk.persisted;
          appendWhole(fdFor(file, series.header), chunkToCsvRows({
            steps: chunk.steps.subarray(from, published), values: chunk.values.subarray(from, published),
            timestamps: chunk.timestamps.subarray(from, published), length: published - from }));
          chunk.persisted = published;
        }
        // Only a full chunk gives way to the next one: rows stay in order.
        if (chunk.persisted < chunk.capacity) break;
        series.queue.shift();
        Atomics.store(chunk.cursor, 1, chunk.persisted);
      }
      const head = series.queue[0];
      if (head) Atomics.store(head.cursor, 1, head.persisted);
    } catch (error) {
      failure ??= { file, code: error.code, message: error.message };
    }
  }
  // One report per spell of failures, not one per tick.
  if (failure && !reportedFailure) parentPort.postMessage({ type: "error", ...failure });
  reportedFailure = failure !== undefined;
}
setInterval(catchUp, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message.type === "watch") {
    let series = live.get(message.file);
    if (!series) live.set(message.file, (series = { header: message.header, queue: [] }));
    series.queue.push({ ...message.chunk, persisted: 0 });
    return;
  }
  if (message.type === "catchup") {
    catchUp();
    answered(message.id);
    return;
  }
  if (message.type === "append") {
    catchUp();
    // Each file on its own: one that cannot be written does not keep the others from theirs.
    let failure;
    for (const item of message.items) {
      try {
        appendWhole(fdFor(item.file, item.header), item.text !== undefined ? item.text : chunkToCsvRows(item));
      } catch (error) {
        failure ??= { file: item.file, code: error.code, message: error.message };
      }
    }
    if (failure) parentPort.postMessage({ type: "error", ...failure });
    answered(message.id);
    return;
  }
  if (message.type === "sync" || message.type === "close") {
    catchUp();
    for (const fd of dirty) {
      try { fs.fdatasyncSync(fd); } catch {}
    }
    dirty.clear();
    if (message.type === "close") {
      for (const fd of fds.values()) {
        try { fs.closeSync(fd); } catch {}
      }
      fds.clear();
    }
    answered(message.id);
  }
});
`;

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

  constructor(
    private readonly directory: string,
    intervalMs = 1000,
  ) {
    // execArgv: [] so that a parent started with --input-type=module does not make this CommonJS
    // script an ES module.
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { progress: this.progress.buffer, intervalMs },
    });
    this.worker.on(
      "message",
      (message: { type: string; id?: number; code?: string; message?: string; file?: string }) => {
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
