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
    log,
    done,
    stop() {
      source.destroy();
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
