/**
 * Finds `prov4ml:` lines in a byte stream without splitting the rest into lines: a native
 * `indexOf` for the prefix per chunk, so output that carries no records costs almost nothing.
 * A record line may span chunks; it is held (up to `MAX_RECORD_LINE` bytes) until its newline.
 */
import { PROTOCOL_PREFIX } from "./protocol.ts";

const PREFIX = Buffer.from(PROTOCOL_PREFIX);
const NEWLINE = 10;
/** Longer `prov4ml:` lines are malformed: a runaway line must not grow memory. */
export const MAX_RECORD_LINE = 64 * 1024;

export interface LineScannerOptions {
  /** Called with each complete `prov4ml:` line (no newline); returns true when it was a valid record. */
  onRecordLine(line: string): boolean;
  /** Called when a `prov4ml:` line is longer than `MAX_RECORD_LINE`. */
  onOverlong(): void;
  /** With `quiet`, valid record lines are left out of `feed`'s output. */
  quiet: boolean;
}

export class LineScanner {
  readonly #options: LineScannerOptions;
  #atLineStart = true;
  /** A line at line start that is, or may become, a record line; held until its newline. */
  #pending: Buffer[] | undefined;
  #pendingLength = 0;

  constructor(options: LineScannerOptions) {
    this.#options = options;
  }

  /** Scans a chunk; returns what to pass through (the chunk itself unless quiet). */
  feed(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let pos = 0;
    let copied = 0; // in quiet mode: chunk[copied..pos) not yet emitted
    const emitUpTo = (end: number) => {
      if (this.#options.quiet && end > copied) out.push(chunk.subarray(copied, end));
      copied = end;
    };
    if (this.#pending) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.#hold(chunk, out);
        return this.#options.quiet ? out : [chunk];
      }
      const held = this.#pending;
      this.#pending = undefined;
      this.#pendingLength = 0;
      const line = Buffer.concat([...held, chunk.subarray(0, newline)]);
      const consumed = line.subarray(0, PREFIX.length).equals(PREFIX) && this.#record(line, 0, line.length);
      if (!consumed && this.#options.quiet) out.push(...held);
      if (consumed) copied = newline + 1;
      pos = newline + 1;
    } else if (!this.#atLineStart) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) return [chunk];
      pos = newline + 1;
    }
    let midLine = false;
    for (;;) {
      const at = chunk.indexOf(PREFIX, pos);
      if (at < 0) break;
      if (at > 0 && chunk[at - 1] !== NEWLINE) {
        const newline = chunk.indexOf(NEWLINE, at);
        if (newline < 0) {
          midLine = true;
          break;
        }
        pos = newline + 1;
        continue;
      }
      const newline = chunk.indexOf(NEWLINE, at);
      if (newline < 0) {
        emitUpTo(at);
        copied = chunk.length;
        this.#pending = [];
        this.#hold(chunk.subarray(at), out);
        return this.#options.quiet ? out : [chunk];
      }
      if (this.#record(chunk, at, newline)) {
        emitUpTo(at);
        copied = newline + 1;
      }
      pos = newline + 1;
    }
    this.#scanTail(chunk, midLine, (start) => {
      emitUpTo(start);
      copied = chunk.length;
    });
    if (!this.#options.quiet) return [chunk];
    emitUpTo(chunk.length);
    return out;
  }

  /** Whatever is still held at the end of the stream (a last line without newline). */
  end(): Buffer[] {
    const held = this.#pending;
    this.#pending = undefined;
    if (!held) return [];
    const line = Buffer.concat(held);
    const consumed = line.subarray(0, PREFIX.length).equals(PREFIX) && this.#record(line, 0, line.length);
    return consumed || !this.#options.quiet ? [] : [line];
  }

  /** After the last complete line: remember whether the chunk ended at a line start or mid-prefix. */
  #scanTail(chunk: Buffer, midLine: boolean, holdFrom: (start: number) => void): void {
    if (midLine) {
      this.#atLineStart = false;
      return;
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    const tailStart = lastNewline + 1;
    if (lastNewline < 0 && !this.#atLineStart) return;
    const tail = chunk.subarray(tailStart);
    if (tail.length === 0) {
      this.#atLineStart = true;
      return;
    }
    if (tail.length < PREFIX.length && PREFIX.subarray(0, tail.length).equals(tail)) {
      holdFrom(tailStart);
      this.#pending = [Buffer.from(tail)];
      this.#pendingLength = tail.length;
      return;
    }
    this.#atLineStart = false;
  }

  #hold(part: Buffer, out: Buffer[]): void {
    const pending = this.#pending ?? [];
    pending.push(Buffer.from(part));
    this.#pendingLength += part.length;
    this.#pending = pending;
    if (this.#pendingLength <= MAX_RECORD_LINE) return;
    // Too long to be a record: give it back to the output and read on to its newline.
    const isRecord = Buffer.concat(pending).subarray(0, PREFIX.length).equals(PREFIX);
    if (isRecord) this.#options.onOverlong();
    if (this.#options.quiet) out.push(...pending);
    this.#pending = undefined;
    this.#pendingLength = 0;
    this.#atLineStart = false;
  }

  #record(buffer: Buffer, start: number, end: number): boolean {
    return this.#options.onRecordLine(buffer.toString("utf8", start, end));
  }
}
