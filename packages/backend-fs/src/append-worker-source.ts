import { chunkToCsvRows } from "./metric-csv.ts";

/**
 * The append worker's code, as a CommonJS script run with `new Worker(source, { eval: true })`.
 * It reuses `chunkToCsvRows` by its source text, so the CSV format is defined once
 * (metric-csv.ts). Synchronous appends keep each file's rows in the order they were posted.
 *
 * When a write fails (a full disk), nothing is given up at once: metric rows stay in the run's
 * shared chunks and journal lines in a per-file backlog, and both are written, in order, once
 * space returns. The backlog is bounded (`workerData.maxBacklogPoints` rows, `maxBacklogBytes`
 * of journal text); beyond that the oldest is dropped and counted exactly, and the counts go to
 * the main thread (`{ type: "lost" }`), which reports them in the run's document and warnings.
 */
export const APPEND_WORKER_SOURCE = `
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
// Lost to the bound, by file, not yet reported to the main thread.
const unreported = new Map();
function lose(file, count) {
  if (count > 0) unreported.set(file, (unreported.get(file) ?? 0) + count);
}
function reportLost() {
  if (unreported.size === 0) return;
  parentPort.postMessage({ type: "lost", counts: [...unreported] });
  unreported.clear();
}
const lineCount = (text) => { let n = 0; for (let i = text.indexOf("\\n"); i >= 0; i = text.indexOf("\\n", i + 1)) n++; return n; };

// Text that could not be appended yet (journal lines, rows of chunks handed over by copy), by
// file in order; written before anything newer for the same file.
const backlog = new Map();
let backlogBytes = 0;
function appendText(file, header, text) {
  let pending = backlog.get(file);
  if (pending) {
    pending.texts.push(text);
    backlogBytes += text.length;
  } else {
    try {
      appendWhole(fdFor(file, header), text);
      return;
    } catch (error) {
      backlog.set(file, (pending = { header, texts: [text] }));
      backlogBytes += text.length;
      throw error;
    }
  }
  writeBacklog(file, pending);
}
function writeBacklog(file, pending) {
  while (pending.texts.length > 0) {
    appendWhole(fdFor(file, pending.header), pending.texts[0]);
    backlogBytes -= pending.texts.shift().length;
  }
  backlog.delete(file);
}
function retryBacklog() {
  let failure;
  for (const [file, pending] of backlog) {
    try { writeBacklog(file, pending); } catch (error) { failure ??= { file, code: error.code, message: error.message }; }
  }
  // Over the bound: the oldest text goes first, counted (a journal line is an event, a CSV line a point).
  for (const [file, pending] of backlog) {
    while (backlogBytes > workerData.maxBacklogBytes && pending.texts.length > 0) {
      const dropped = pending.texts.shift();
      backlogBytes -= dropped.length;
      lose(file, lineCount(dropped));
    }
    if (pending.texts.length === 0) backlog.delete(file);
  }
  return failure;
}

// Live chunks by CSV file, oldest first: the rows the training thread publishes there are
// persisted on this thread's own clock, whether or not the training thread ever yields.
const live = new Map();
let reportedFailure = false;
function persistLive() {
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
        release(series);
      }
      const head = series.queue[0];
      if (head) Atomics.store(head.cursor, 1, head.persisted);
    } catch (error) {
      failure ??= { file, code: error.code, message: error.message };
    }
  }
  return failure;
}
// Hands the series' oldest chunk back to the run's pool (every row persisted or counted lost).
function release(series) {
  const chunk = series.queue.shift();
  chunk.persisted = chunk.capacity;
  Atomics.store(chunk.cursor, 1, chunk.capacity);
}
// Rows published and not yet persisted, over every live series.
function liveBacklog() {
  let rows = 0;
  for (const series of live.values())
    for (const chunk of series.queue) rows += Atomics.load(chunk.cursor, 0) - chunk.persisted;
  return rows;
}
// Over the bound: drops the oldest full chunks (the training thread no longer writes there), one
// series after another, counting every row. A series' last, filling chunk is kept.
function boundLive() {
  let rows = liveBacklog();
  while (rows > workerData.maxBacklogPoints) {
    let dropped = 0;
    for (const [file, series] of live) {
      const chunk = series.queue[0];
      if (!chunk || series.queue.length < 2) continue;
      const lost = chunk.capacity - chunk.persisted;
      lose(file, lost);
      release(series);
      dropped += lost;
      rows -= lost;
      if (rows <= workerData.maxBacklogPoints) break;
    }
    if (dropped === 0) break;
  }
}
// Everything still unwritten at the close is lost; counted.
function loseEverything() {
  for (const [file, series] of live) {
    for (const chunk of series.queue) lose(file, Atomics.load(chunk.cursor, 0) - chunk.persisted);
    while (series.queue.length > 0) release(series);
  }
  for (const [file, pending] of backlog) for (const text of pending.texts) lose(file, lineCount(text));
  backlog.clear();
  backlogBytes = 0;
}
function catchUp() {
  const textFailure = retryBacklog();
  const failure = persistLive() ?? textFailure;
  if (failure) boundLive();
  reportLost();
  // One report per spell of failures, not one per tick.
  if (failure && !reportedFailure) parentPort.postMessage({ type: "error", ...failure });
  reportedFailure = failure !== undefined;
  return failure;
}
setInterval(catchUp, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message.type === "watch") {
    let series = live.get(message.file);
    if (!series) live.set(message.file, (series = { header: message.header, queue: [] }));
    series.queue.push({ ...message.chunk, persisted: 0 });
    return;
  }
  if (message.type === "append-now") {
    try {
      appendText(message.file, undefined, message.text);
    } catch (error) {
      // Kept in the backlog; said once per spell, like the live chunks' failures.
      if (!reportedFailure) parentPort.postMessage({ type: "error", file: message.file, code: error.code, message: error.message });
      reportedFailure = true;
    }
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
        appendText(item.file, item.header, item.text !== undefined ? item.text : chunkToCsvRows(item));
      } catch (error) {
        failure ??= { file: item.file, code: error.code, message: error.message };
      }
    }
    retryBacklog();
    reportLost();
    if (failure) parentPort.postMessage({ type: "error", ...failure });
    answered(message.id);
    return;
  }
  if (message.type === "sync" || message.type === "close") {
    if (catchUp() && message.type === "close") {
      loseEverything();
      reportLost();
    }
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
