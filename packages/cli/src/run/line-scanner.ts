/**
 * Finds `prov4ml:` lines in a byte stream without splitting the rest into lines or decoding it:
 * a native `indexOf` for the prefix jumps over output that carries no records, and where records
 * come line after line the prefix is compared in place. A record line may span chunks; it is held
 * (up to `MAX_RECORD_LINE` bytes) until its newline.
 */
import { PROTOCOL_PREFIX } from "./protocol.ts";

const PREFIX = Buffer.from(PROTOCOL_PREFIX);
const NEWLINE = 10;
/** Longer `prov4ml:` lines are malformed: a runaway line must not grow memory. */
export const MAX_RECORD_LINE = 64 * 1024;

export interface LineScannerOptions {
  /** Called with each complete `prov4ml:` line, `bytes[start, end)` without its newline; true when valid. */
  onRecordLine(bytes: Uint8Array, start: number, end: number): boolean;
  /** Called when a `prov4ml:` line is longer than `MAX_RECORD_LINE`. */
  onOverlong(): void;
  /** With `quiet`, valid record lines are left out of `feed`'s output. */
  quiet: boolean;
}

/** Whether `bytes` holds the whole prefix at `at`. */
function prefixAt(bytes: Uint8Array, at: number): boolean {
  if (at + PREFIX.length > bytes.length) return false;
  for (let i = 0; i < PREFIX.length; i++) if (bytes[at + i] !== PREFIX[i]) return false;
  return true;
}

/** Whether `bytes[at..]` (shorter than the prefix) is how the prefix starts. */
function startsPrefix(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < bytes.length; i++) if (bytes[i] !== PREFIX[i - at]) return false;
  return bytes.length - at < PREFIX.length;
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
    const quiet = this.#options.quiet;
    const out: Buffer[] = [];
    let copied = 0; // in quiet mode: chunk[copied..pos) not yet emitted
    let pos = 0;
    if (this.#pending) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.#hold(chunk, out);
        return quiet ? out : [chunk];
      }
      const held = this.#pending;
      this.#pending = undefined;
      this.#pendingLength = 0;
      const line = Buffer.concat([...held, chunk.subarray(0, newline)]);
      const consumed = prefixAt(line, 0) && this.#options.onRecordLine(line, 0, line.length);
      if (consumed) copied = newline + 1;
      else if (quiet) out.push(...held);
      pos = newline + 1;
    } else if (!this.#atLineStart) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) return [chunk];
      pos = newline + 1;
    }
    // From here `pos` is always at a line start.
    this.#atLineStart = true;
    while (pos < chunk.length) {
      if (prefixAt(chunk, pos)) {
        const newline = chunk.indexOf(NEWLINE, pos);
        if (newline < 0) {
          if (quiet && pos > copied) out.push(chunk.subarray(copied, pos));
          copied = chunk.length;
          this.#pending = [];
          this.#hold(chunk.subarray(pos), out);
          break;
        }
        if (this.#options.onRecordLine(chunk, pos, newline)) {
          if (quiet && pos > copied) out.push(chunk.subarray(copied, pos));
          copied = newline + 1;
        }
        pos = newline + 1;
        continue;
      }
      const at = chunk.indexOf(PREFIX, pos);
      if (at >= 0 && chunk[at - 1] === NEWLINE) {
        pos = at;
        continue;
      }
      const newline = at >= 0 ? chunk.indexOf(NEWLINE, at) : -1;
      if (newline >= 0) {
        pos = newline + 1; // the prefix was inside a line
        continue;
      }
      // No record starts in the rest of the chunk; only its last line may be a prefix in the making.
      const lastLine = at >= 0 ? -1 : Math.max(pos, chunk.lastIndexOf(NEWLINE) + 1);
      if (lastLine >= 0 && lastLine < chunk.length && startsPrefix(chunk, lastLine)) {
        if (quiet && lastLine > copied) out.push(chunk.subarray(copied, lastLine));
        copied = chunk.length;
        this.#pending = [Buffer.from(chunk.subarray(lastLine))];
        this.#pendingLength = chunk.length - lastLine;
      } else this.#atLineStart = lastLine === chunk.length;
      break;
    }
    if (!quiet) return [chunk];
    if (copied < chunk.length) out.push(chunk.subarray(copied));
    return out;
  }

  /** Whatever is still held at the end of the stream (a last line without newline). */
  end(): Buffer[] {
    const held = this.#pending;
    this.#pending = undefined;
    if (!held) return [];
    const line = Buffer.concat(held);
    const consumed = prefixAt(line, 0) && this.#options.onRecordLine(line, 0, line.length);
    return consumed || !this.#options.quiet ? [] : [line];
  }

  #hold(part: Buffer, out: Buffer[]): void {
    const pending = this.#pending ?? [];
    const before = this.#pendingLength;
    pending.push(Buffer.from(part));
    this.#pendingLength += part.length;
    this.#pending = pending;
    const notRecord =
      before < PREFIX.length && this.#pendingLength >= PREFIX.length && !prefixAt(Buffer.concat(pending), 0);
    if (this.#pendingLength <= MAX_RECORD_LINE && !notRecord) return;
    // Not a record, or too long to be one: give it back to the output and read on to its newline.
    if (!notRecord) this.#options.onOverlong();
    if (this.#options.quiet) out.push(...pending);
    this.#pending = undefined;
    this.#pendingLength = 0;
    this.#atLineStart = false;
  }
}
