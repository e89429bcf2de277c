import { Worker } from "node:worker_threads";
import { StorageError } from "@prov4ml/core";
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
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const chunkToCsvRows = ${chunkToCsvRows.toString()};
const fds = new Map();
function fdFor(file, header) {
  let fd = fds.get(file);
  if (fd !== undefined) return fd;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fd = fs.openSync(file, "a");
  fds.set(file, fd);
  if (header && fs.fstatSync(fd).size === 0) appendWhole(fd, header);
  return fd;
}
// Appends all of the text or none of it: on a failure (a full disk) the file is cut back to its
// size before, so that rows appended once space returns never follow half a row.
function appendWhole(fd, text) {
  const bytes = Buffer.from(text);
  const sizeBefore = fs.fstatSync(fd).size;
  let written = 0;
  try {
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    try { fs.ftruncateSync(fd, sizeBefore); } catch {}
    throw error;
  }
}
parentPort.on("message", (message) => {
  if (message.type === "append") {
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
    parentPort.postMessage({ type: "done", id: message.id });
    return;
  }
  if (message.type === "sync" || message.type === "close") {
    for (const fd of fds.values()) {
      try { fs.fdatasyncSync(fd); } catch {}
    }
    if (message.type === "close") {
      for (const fd of fds.values()) {
        try { fs.closeSync(fd); } catch {}
      }
      fds.clear();
    }
    parentPort.postMessage({ type: "done", id: message.id });
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

  constructor(private readonly directory: string) {
    // execArgv: [] so that a parent started with --input-type=module does not make this CommonJS
    // script an ES module.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
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

  /** Syncs, closes the files and stops the worker. */
  async close(): Promise<void> {
    await this.request("close");
    await this.worker.terminate();
  }

  private async request(
    type: "append" | "sync" | "close",
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
