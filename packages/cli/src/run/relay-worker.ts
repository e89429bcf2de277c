/**
 * The relay thread of `prov4ml run` (a worker entry of its own): one of the command's output
 * streams, read from a kernel pipe with blocking reads and written on to the wrapper's own stdout
 * or stderr with blocking writes — no event loop in between, and the main thread free for the run.
 * It keeps the bounded log, finds and parses the `prov4ml:` lines, and posts their records to the
 * main thread in one batch per read; when the main thread falls behind, it waits, and so does the
 * command: memory stays bounded. A reader that goes away (`| head`) closes the pipe: the command gets SIGPIPE.
 */
import { readSync, writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { BoundedLog } from "./bounded-log.ts";
import { LineScanner } from "./line-scanner.ts";
import { RecordBatcher } from "./record-batch.ts";
import { type RelayMessage, RelaySlot, type RelayWorkerData } from "./relay-protocol.ts";

/**
 * A pipe holds 64 KiB (1 MiB at most, raised by its writer): one read takes all it holds, so the
 * 16 bytes of a wake-up token, written at once, always arrive within one read.
 */
const READ_SIZE = 1024 * 1024;
/** Record batches the main thread may have unread before this thread waits for it. */
const MAX_BATCHES_IN_FLIGHT = 16;
const READER_GONE = new Set(["EPIPE", "ECONNRESET"]);

const data = workerData as RelayWorkerData;
const control = new Int32Array(data.control);
const lastData = new Float64Array(data.control, RelaySlot.LastDataByte, 1);
const port = parentPort as NonNullable<typeof parentPort>;
const log = new BoundedLog(data.logLimit);
const stopped = () => Atomics.load(control, RelaySlot.Stop) === 1;

// The records of the current read, parsed here: the main thread only applies them.
const records = new RecordBatcher();
const scanner = data.scan
  ? new LineScanner({
      quiet: data.quiet,
      onRecordLine: (bytes, start, end) => records.add(bytes, start, end),
      onOverlong: () => records.addOverlong(),
    })
  : undefined;

function postBatch(): void {
  const batch = records.take();
  if (!batch) return;
  while (Atomics.load(control, RelaySlot.BatchesInFlight) >= MAX_BATCHES_IN_FLIGHT && !stopped())
    Atomics.wait(control, RelaySlot.BatchesInFlight, MAX_BATCHES_IN_FLIGHT, 1000);
  Atomics.add(control, RelaySlot.BatchesInFlight, 1);
  const message: RelayMessage = { type: "records", batch };
  port.postMessage(message, RecordBatcher.transferables(batch));
}

let passing = true;
let readerGone = false;

/** Writes all of `bytes`; a destination someone made non-blocking is waited for, 2 ms at a time. */
function pass(bytes: Uint8Array): void {
  for (let at = 0; passing && at < bytes.length; ) {
    try {
      at += writeSync(data.outFd, bytes, at, bytes.length - at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (code === "EAGAIN" && !stopped()) Atomics.wait(control, RelaySlot.Stop, 0, 2);
      else {
        passing = false; // a full disk, a closed descriptor: the run goes on without passthrough
        readerGone = READER_GONE.has(code);
      }
    }
  }
}

const buffer = Buffer.allocUnsafeSlow(READ_SIZE);
for (;;) {
  let read: number;
  try {
    read = readSync(data.readFd, buffer, 0, READ_SIZE, null);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EINTR") continue;
    break;
  }
  if (read === 0) break;
  lastData[0] = Date.now();
  let chunk = buffer.subarray(0, read);
  // Stopped: what came before the main thread's wake-up token is still the stream's; the rest not.
  const wakeUp = stopped() ? chunk.indexOf(data.wakeToken) : -1;
  if (wakeUp >= 0) chunk = chunk.subarray(0, wakeUp);
  log.append(chunk);
  for (const part of scanner ? scanner.feed(chunk) : [chunk]) pass(part);
  postBatch();
  if (wakeUp >= 0) break;
  if (readerGone) break; // the main thread closing our end gives the command SIGPIPE, as in a shell
}
if (!stopped()) for (const part of scanner?.end() ?? []) pass(part);
postBatch();
// The main thread opened the pipe and closes it on "done" (a worker closing it would be warned about).
const { bytes, omitted } = log.contents();
const done: RelayMessage = { type: "done", bytes, omitted, totalBytes: log.totalBytes };
port.postMessage(done);
