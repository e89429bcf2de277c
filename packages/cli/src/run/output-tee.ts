/**
 * The child's stdout and stderr on their way to the wrapper's: every byte passed on in order, a
 * bounded copy kept for the run, and stdout scanned for `prov4ml:` records. Chunks are handled as
 * they are read, with no stream in between: the passthrough gets the chunk itself (no copy), and
 * when it is full the reading pauses, so a flood never piles up in memory.
 */
import type { Readable } from "node:stream";
import { BoundedLog } from "./bounded-log.ts";
import { LineScanner } from "./line-scanner.ts";
import type { Passthrough } from "./passthrough.ts";
import type { RecordSink } from "./record-sink.ts";

/** What a tee keeps and scans. */
export interface TeeOptions {
  readonly logLimit: number;
  /** Scan for records (stdout only). */
  readonly sink?: RecordSink;
  readonly quietProtocol?: boolean;
  /**
   * The passthrough's reader went away (`cmd | head`); the tee stops reading. Without the wrapper
   * the command would get SIGPIPE on its next write: the caller sends it, as closing our end of a
   * socket pair would only give the command ECONNRESET.
   */
  readonly onReaderGone?: () => void;
}

/** What a tee kept of its stream. */
export interface TeeLog {
  /** Head and tail, with a marker for what was left out between them. */
  readonly bytes: Uint8Array;
  readonly omitted: number;
  /** Every byte that went through. */
  readonly totalBytes: number;
}

/** One stream being teed. */
export interface Tee {
  /** The bounded log (complete once `done` has resolved). */
  log(): TeeLog;
  /** Resolves when the source has ended and everything was handed to the destination. */
  readonly done: Promise<void>;
  /** Stops reading (a daemon keeps the pipe open after the command is gone). */
  stop(): void;
  /** When the last byte was read (performance.now()). */
  lastData(): number;
}

/**
 * Tees `source` (the command's stdout or stderr, a socket from `spawn`) into `destination` and a
 * bounded log, on the main thread's event loop: where no kernel pipe can be made (see pipe-relay.ts).
 */
export function teeStream(source: Readable, destination: Passthrough, options: TeeOptions): Tee {
  const log = new BoundedLog(options.logLimit);
  const sink = options.sink;
  const scanner = sink
    ? new LineScanner({
        quiet: options.quietProtocol === true,
        onRecordLine: (bytes, start, end) => sink.acceptProtocolLine(bytes, start, end),
        onOverlong: () => sink.countOverlong(),
      })
    : undefined;
  let last = performance.now();
  const resume = () => source.resume();
  const pass = (parts: readonly Buffer[]) => {
    let more = true;
    for (const part of parts) more = destination.write(part) && more;
    return more;
  };
  source.on("data", (chunk: Buffer) => {
    last = performance.now();
    log.append(chunk);
    const more = scanner ? pass(scanner.feed(chunk)) : destination.write(chunk);
    if (destination.readerGone) {
      options.onReaderGone?.(); // first: a pending SIGPIPE ends the command before a write fails
      source.destroy();
      return;
    }
    if (more) return;
    source.pause();
    destination.onDrain(resume);
  });
  const done = new Promise<void>((resolve) => {
    source.on("end", () => {
      if (scanner) pass(scanner.end());
      resolve();
    });
    source.on("error", () => resolve());
    source.on("close", () => resolve());
  });
  return {
    log: () => ({ ...log.contents(), totalBytes: log.totalBytes }),
    done,
    stop() {
      source.destroy();
    },
    lastData: () => last,
  };
}
