/**
 * The child's stdout and stderr on their way to the wrapper's: every byte passed on in order
 * (with backpressure, so a flood never piles up in memory), a bounded copy kept for the run, and
 * stdout scanned for `prov4ml:` records.
 */
import { type Readable, Transform, type Writable } from "node:stream";
import { BoundedLog } from "./bounded-log.ts";
import { LineScanner } from "./line-scanner.ts";
import type { RecordSink } from "./record-sink.ts";

export interface TeeOptions {
  readonly logLimit: number;
  /** Scan for records (stdout only). */
  readonly sink?: RecordSink;
  readonly quietProtocol?: boolean;
}

export interface Tee {
  readonly log: BoundedLog;
  /** Resolves when the source has ended and everything was handed to the destination. */
  readonly done: Promise<void>;
  /** Stops reading (a daemon keeps the pipe open after the command is gone). */
  stop(): void;
  /** When the last byte was read (performance.now()). */
  lastData(): number;
}

export function teeStream(source: Readable, destination: Writable, options: TeeOptions): Tee {
  const log = new BoundedLog(options.logLimit);
  const sink = options.sink;
  const scanner = sink
    ? new LineScanner({
        quiet: options.quietProtocol === true,
        onRecordLine: (line) => sink.acceptProtocolLine(line),
        onOverlong: () => sink.countOverlong(),
      })
    : undefined;
  let last = performance.now();
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      last = performance.now();
      log.append(chunk);
      if (!scanner) return callback(null, chunk);
      for (const part of scanner.feed(chunk)) this.push(part);
      callback();
    },
    flush(callback) {
      for (const part of scanner?.end() ?? []) this.push(part);
      callback();
    },
  });
  const done = new Promise<void>((resolve) => {
    transform.on("end", resolve);
    source.on("error", () => resolve());
    // The reader went away (`| head`): keep reading so the child is not blocked, drop the output.
    destination.on("error", () => {
      transform.unpipe(destination);
      transform.resume();
    });
  });
  source.pipe(transform).pipe(destination, { end: false });
  return {
    log,
    done,
    stop() {
      source.unpipe(transform);
      source.destroy();
      transform.end();
    },
    lastData: () => last,
  };
}

/** Reads JSON lines from the PROV4ML_EVENTS pipe into the sink. */
export function readEventLines(source: Readable, sink: RecordSink): Promise<void> {
  const scanner = new JsonLineSplitter(
    (line) => sink.acceptEventLine(line),
    () => sink.countOverlong(),
  );
  return new Promise((resolve) => {
    source.on("data", (chunk: Buffer) => scanner.feed(chunk));
    source.on("end", () => {
      scanner.end();
      resolve();
    });
    source.on("error", () => resolve());
    source.on("close", () => resolve());
  });
}

const MAX_EVENT_LINE = 1024 * 1024;

class JsonLineSplitter {
  #held: Buffer[] = [];
  #heldLength = 0;

  constructor(
    readonly onLine: (line: string) => void,
    readonly onOverlong: () => void,
  ) {}

  feed(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
      const part = chunk.subarray(start, newline);
      const line = this.#held.length > 0 ? Buffer.concat([...this.#held, part]) : part;
      this.#held = [];
      this.#heldLength = 0;
      this.onLine(line.toString("utf8"));
      start = newline + 1;
    }
    if (start >= chunk.length) return;
    this.#held.push(Buffer.from(chunk.subarray(start)));
    this.#heldLength += chunk.length - start;
    if (this.#heldLength > MAX_EVENT_LINE) {
      this.onOverlong();
      this.#held = [];
      this.#heldLength = 0;
    }
  }

  end(): void {
    if (this.#heldLength > 0) this.onLine(Buffer.concat(this.#held).toString("utf8"));
    this.#held = [];
  }
}
