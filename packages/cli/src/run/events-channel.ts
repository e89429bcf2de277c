/**
 * The PROV4ML_EVENTS channel: JSON-line records from programs that keep stdout clean. By default
 * descriptor 3, a pipe the command inherits. With `--events-pipe` it is a named pipe (FIFO) in a
 * private directory, for programs that cannot inherit a descriptor — a subprocess started with its
 * descriptors closed (Python's default), a container, a job launcher. `PROV4ML_EVENTS` holds "3"
 * or the path; any number of writers may open, write and close the FIFO during the run.
 */
import { closeSync, constants, openSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import type { Readable } from "node:stream";
import { CommandError } from "../errors.ts";
import { makeFifos } from "./fifo.ts";
import type { RecordSink } from "./record-sink.ts";

/** The descriptor number the command inherits the channel on. */
export const EVENTS_DESCRIPTOR = 3;

/** Where the command sends JSON-line records, and how the wrapper reads them. */
export interface EventsChannel {
  /** `PROV4ML_EVENTS` for the command: the descriptor number or the FIFO's path. */
  readonly variable: string;
  /** Whether the command inherits the channel as descriptor 3. */
  readonly descriptor: boolean;
  /** Reads records into the sink from `inherited` (the command's descriptor 3) or the FIFO. */
  read(inherited: Readable | null, sink: RecordSink): Promise<void>;
  /** The command and its tree are gone: the FIFO ends once the last writer closes it. */
  finish(): void;
  /** Stops reading now (a daemon holds the channel open after the command is gone); idempotent. */
  destroy(): void;
}

/** The channel over an inherited descriptor (default) or, with `namedPipe`, over a FIFO. */
export function openEventsChannel(namedPipe: boolean): EventsChannel {
  if (!namedPipe) {
    let source: Readable | null = null;
    return {
      variable: String(EVENTS_DESCRIPTOR),
      descriptor: true,
      read(inherited, sink) {
        source = inherited;
        return inherited ? readEventLines(inherited, sink) : Promise.resolve();
      },
      finish() {},
      destroy: () => source?.destroy(),
    };
  }
  return openNamedPipe();
}

function openNamedPipe(): EventsChannel {
  const made = makeFifos(["events"]); // 0700 directory: only this user writes records
  if (!made)
    throw new CommandError(
      "--events-pipe needs `mkfifo` (coreutils) on PATH; or leave it out to use descriptor 3",
    );
  const { dir } = made;
  const path = made.paths[0] as string;
  // Read end first (non-blocking, so no writer is needed yet), then a write end of our own: the
  // command's writers come and go without the reader seeing the end, until `finish` closes ours.
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let keepOpen: number | undefined = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const socket = new Socket({ fd: readFd, readable: true, writable: false });
  const finish = () => {
    if (keepOpen === undefined) return;
    closeSync(keepOpen);
    keepOpen = undefined;
  };
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  return {
    variable: path,
    descriptor: false,
    read: (_inherited, sink) => readEventLines(socket, sink).finally(cleanUp),
    finish,
    destroy() {
      finish();
      socket.destroy();
      cleanUp();
    },
  };
}

/** Reads JSON lines from the channel into the sink, to its end. */
function readEventLines(source: Readable, sink: RecordSink): Promise<void> {
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

/** Splits bytes into lines; a line over `MAX_EVENT_LINE` is counted once and skipped to its end. */
class JsonLineSplitter {
  #held: Buffer[] = [];
  #heldLength = 0;
  #skipping = false;

  constructor(
    readonly onLine: (line: string) => void,
    readonly onOverlong: () => void,
  ) {}

  feed(chunk: Buffer): void {
    let start = 0;
    if (this.#skipping) {
      const newline = chunk.indexOf(10);
      if (newline < 0) return;
      this.#skipping = false;
      start = newline + 1;
    }
    for (let newline = chunk.indexOf(10, start); newline >= 0; newline = chunk.indexOf(10, start)) {
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
      this.#skipping = true;
    }
  }

  end(): void {
    if (this.#heldLength > 0) this.onLine(Buffer.concat(this.#held).toString("utf8"));
    this.#held = [];
  }
}
