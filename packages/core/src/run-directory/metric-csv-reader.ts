import { readFile } from "node:fs/promises";
import { decimalScan, scanDecimal } from "./decimal-bytes.ts";

/** The points of one metric CSV file, as read back. */
export interface MetricCsvPoints {
  readonly steps: Float64Array;
  readonly values: Float64Array;
  /** Epoch milliseconds (NaN where the writer recorded none). */
  readonly timestamps: Float64Array;
  /** Rows without three fields, skipped. */
  readonly skippedRows: number;
  /** True when the last line had no newline (a write cut short by a crash) and was ignored. */
  readonly truncated: boolean;
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;

/** Float64Arrays that grow by doubling while the rows are counted. */
class PointColumns {
  length = 0;
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;

  constructor(capacity: number) {
    this.steps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
  }

  push(step: number, value: number, timestamp: number): void {
    if (this.length === this.steps.length) this.grow();
    this.steps[this.length] = step;
    this.values[this.length] = value;
    this.timestamps[this.length] = timestamp;
    this.length++;
  }

  private grow(): void {
    const capacity = Math.max(16, this.steps.length * 2);
    for (const column of ["steps", "values", "timestamps"] as const) {
      const grown = new Float64Array(capacity);
      grown.set(this[column]);
      this[column] = grown;
    }
  }

  /** Exact-length arrays (copies only when the estimate was well off: over a quarter unused). */
  done(): Pick<MetricCsvPoints, "steps" | "values" | "timestamps"> {
    const fit = (column: Float64Array) =>
      column.length - this.length > Math.max(1024, this.length / 4)
        ? column.slice(0, this.length)
        : column.subarray(0, this.length);
    return { steps: fit(this.steps), values: fit(this.values), timestamps: fit(this.timestamps) };
  }
}

/** Rows to make room for: the file's size over the mean length of the lines in its first 64 KiB, plus a tenth. */
function estimatedRows(bytes: Buffer): number {
  const sample = Math.min(bytes.length, 65_536);
  let lines = 0;
  for (let at = bytes.indexOf(NEWLINE, 0); at !== -1 && at < sample; at = bytes.indexOf(NEWLINE, at + 1))
    lines++;
  if (lines === 0) return 16;
  return Math.ceil((bytes.length / (sample / lines)) * 1.1) + 16;
}

/** One line by the text reader's rules (trim, split, `Number()`): the header and every row that is not canonical. */
function parseTextLine(line: string, isFirst: boolean, columns: PointColumns): "row" | "skipped" | "ignored" {
  const trimmed = line.trimEnd();
  if (trimmed === "") return "ignored";
  const fields = trimmed.split(",");
  if (isFirst && Number.isNaN(Number(fields[0])) && fields[0] !== "NaN") return "ignored"; // header
  if (fields.length !== 3) return "skipped";
  columns.push(Number(fields[0]), Number(fields[1]), fields[2] === "" ? Number.NaN : Number(fields[2]));
  return "row";
}

/**
 * Reads a row as prov4ml writes it — `number,number,number` or `number,number,` then a newline —
 * straight from the bytes. Returns the index after its newline, or -1 for anything else (NaN,
 * spaces, CRLF, a cut last line, other bytes), which the careful per-line path then reads.
 */
function readCanonicalRow(bytes: Buffer, start: number, columns: PointColumns): number {
  const limit = bytes.length;
  const step = scanDecimal(bytes, start, limit);
  const stepEnd = decimalScan.end;
  if (stepEnd === start || bytes[stepEnd] !== COMMA) return -1;
  const value = scanDecimal(bytes, stepEnd + 1, limit);
  const valueEnd = decimalScan.end;
  if (valueEnd === stepEnd + 1 || bytes[valueEnd] !== COMMA) return -1;
  let end = valueEnd + 1;
  let timestamp = Number.NaN;
  if (bytes[end] !== NEWLINE) {
    timestamp = scanDecimal(bytes, end, limit);
    if (decimalScan.end === end) return -1;
    end = decimalScan.end;
  }
  if (bytes[end] !== NEWLINE) return -1;
  columns.push(step, value, timestamp);
  return end + 1;
}

/**
 * Parses a metric CSV from its bytes: prov4ml's (`step,value,timestamp` header) or yProv4ML's (a
 * `name,context,source` first line). Values may be `NaN`, `Infinity`, `-Infinity`. A final line
 * without its newline is a write cut short (a run killed mid-append) and is ignored, as are rows
 * without three fields. Rows as prov4ml writes them are read straight from the bytes (`scanDecimal`): a
 * 10^6-row file takes a fraction of what splitting its text into strings did. The one CSV reader
 * of the repository (backend-fs, exporter-prov, the CLI and the explorer).
 */
export function parseMetricCsvBytes(bytes: Uint8Array): MetricCsvPoints {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const columns = new PointColumns(estimatedRows(buffer));
  let skippedRows = 0;
  let lineStart = 0;
  let isFirst = true;
  while (lineStart < bytes.length) {
    if (!isFirst) {
      const next = readCanonicalRow(buffer, lineStart, columns);
      if (next !== -1) {
        lineStart = next;
        continue;
      }
    }
    const newline = buffer.indexOf(NEWLINE, lineStart);
    if (newline === -1) break; // a final line without its newline: cut short, ignored
    // Anything else (the header, NaN, spaces, CRLF, non-ASCII): the text reader's rules.
    const line = buffer.toString("utf8", lineStart, newline);
    if (parseTextLine(line, isFirst, columns) === "skipped") skippedRows++;
    isFirst = false; // only the very first line can be a header
    lineStart = newline + 1;
  }
  return { ...columns.done(), skippedRows, truncated: lineStart < bytes.length };
}

/** Parses a metric CSV given as text (see {@link parseMetricCsvBytes}). */
export function parseMetricCsv(text: string): MetricCsvPoints {
  return parseMetricCsvBytes(Buffer.from(text, "utf8"));
}

/** Reads and parses a metric CSV file (see {@link parseMetricCsvBytes}). */
export async function readMetricCsvFile(path: string): Promise<MetricCsvPoints> {
  return parseMetricCsvBytes(await readFile(path));
}
