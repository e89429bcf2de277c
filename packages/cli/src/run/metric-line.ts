/**
 * Metric records: what makes one valid, and the fast path of the metric channel. Nearly every
 * record is a `prov4ml:metric` line with plain fields (`name=loss value=0.31 step=2`); those are
 * read straight from the bytes, with no string for the line, no field object, and names reused
 * from a small cache. Anything else (a quote, an exponent, a tab) goes to the general parser.
 */
import { decimalScan, scanDecimal } from "@prov4ml/core/internal";
import type { ParsedLine, ProtocolRecord } from "./protocol.ts";

const METRIC_PREFIX = Buffer.from("prov4ml:metric ");
const SPACE = 32;
const EQUALS = 61;
const QUOTE = 34;
const CARRIAGE_RETURN = 13;
const NAME_CACHE_SIZE = 16;

/** Decoded field texts (names, contexts) by their bytes: a run logs a handful of names, over and over. */
export class NameCache {
  readonly #bytes: Buffer[] = [];
  readonly #names: string[] = [];

  decode(buffer: Uint8Array, start: number, end: number): string {
    const length = end - start;
    for (let i = 0; i < this.#bytes.length; i++) {
      const known = this.#bytes[i] as Buffer;
      if (known.length !== length) continue;
      let same = true;
      for (let j = 0; j < length; j++)
        if (known[j] !== buffer[start + j]) {
          same = false;
          break;
        }
      if (same) return this.#names[i] as string;
    }
    const bytes = Buffer.from(buffer.subarray(start, end));
    const name = bytes.toString("utf8");
    if (this.#bytes.length === NAME_CACHE_SIZE) {
      this.#bytes.shift();
      this.#names.shift();
    }
    this.#bytes.push(bytes);
    this.#names.push(name);
    return name;
  }
}

/**
 * The record on `buffer[start, end)` (a line without its newline), or undefined when it is not a
 * plain metric line — then the general parser decides, so both paths always agree.
 */
export function parsePlainMetricLine(
  buffer: Uint8Array,
  start: number,
  end: number,
  names: NameCache,
): ParsedLine | undefined {
  if (end > start && buffer[end - 1] === CARRIAGE_RETURN) end--;
  if (end - start < METRIC_PREFIX.length) return undefined;
  for (let i = 0; i < METRIC_PREFIX.length; i++) if (buffer[start + i] !== METRIC_PREFIX[i]) return undefined;
  let name: string | undefined;
  let key: string | undefined;
  let value: number | undefined;
  let step: number | undefined;
  let context: string | undefined;
  let timestamp: number | undefined;
  let at = start + METRIC_PREFIX.length;
  while (at < end) {
    if (buffer[at] === SPACE) {
      at++;
      continue;
    }
    // One test per byte where possible: every byte below '!' is a space, a tab or a control
    // character, and only a space ends a plain field (the general parser takes the rest).
    const keyStart = at;
    for (; at < end; at++) {
      const byte = buffer[at] as number;
      if (byte === EQUALS) break;
      if (byte <= SPACE) return undefined; // a field with no '=', or a tab
    }
    const equals = at++;
    if (equals === keyStart || at >= end || buffer[at] === QUOTE) return undefined;
    for (; at < end; at++) {
      const byte = buffer[at] as number;
      if (byte <= SPACE) {
        if (byte === SPACE) break;
        return undefined;
      }
    }
    const field = fieldName(buffer, keyStart, equals);
    if (field === OTHER) continue;
    if (field === NAME) name = names.decode(buffer, equals + 1, at);
    else if (field === KEY) key = names.decode(buffer, equals + 1, at);
    else if (field === CONTEXT) context = names.decode(buffer, equals + 1, at);
    else {
      const number = plainDecimal(buffer, equals + 1, at, field === VALUE);
      if (number === undefined) return undefined;
      if (field === VALUE) value = number;
      else if (field === STEP) step = number;
      else timestamp = number;
    }
  }
  const recordName = name ?? key;
  if (!recordName || value === undefined) return undefined;
  const record: ProtocolRecord & { kind: "metric" } = { kind: "metric", name: recordName, value };
  if (step !== undefined) record.step = step;
  if (context !== undefined) record.context = context;
  if (timestamp !== undefined) record.timestamp = timestamp;
  return { ok: true, record };
}

/** The fields a metric line may carry; any other is ignored, as by the general parser. */
const OTHER = 0;
const NAME = 1;
const KEY = 2;
const VALUE = 3;
const STEP = 4;
const CONTEXT = 5;
const TIMESTAMP = 6;

/** Which field `buffer[start, end)` names, compared in place (this runs for every field). */
function fieldName(buffer: Uint8Array, start: number, end: number): number {
  const first = buffer[start];
  const length = end - start;
  if (length === 4) {
    if (first === 110 && buffer[start + 1] === 97 && buffer[start + 2] === 109 && buffer[start + 3] === 101)
      return NAME; // name
    if (first === 115 && buffer[start + 1] === 116 && buffer[start + 2] === 101 && buffer[start + 3] === 112)
      return STEP; // step
  } else if (length === 5) {
    if (equalsAt(buffer, start, "value")) return VALUE;
  } else if (length === 3) {
    if (equalsAt(buffer, start, "key")) return KEY;
  } else if (length === 7) {
    if (equalsAt(buffer, start, "context")) return CONTEXT;
  } else if (length === 9) {
    if (equalsAt(buffer, start, "timestamp")) return TIMESTAMP;
  }
  return OTHER;
}

function equalsAt(buffer: Uint8Array, start: number, ascii: string): boolean {
  for (let i = 0; i < ascii.length; i++) if (buffer[start + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/**
 * A field's number straight from the bytes: core's exact decimal reader (the metric CSV reader's),
 * which gives what `Number()` gives for the whole field. Undefined when it cannot read all of it,
 * or when a step or timestamp is not an integer ≥ 0 — then the general parser says why.
 */
function plainDecimal(buffer: Uint8Array, start: number, end: number, fraction: boolean): number | undefined {
  const number = scanDecimal(buffer, start, end);
  if (end === start || decimalScan.end !== end) return undefined;
  if (!fraction && !(Number.isSafeInteger(number) && number >= 0)) return undefined;
  return number;
}

/** A metric record from its field texts; the one place that decides what a valid metric is. */
export function metricRecord(
  name: string,
  valueText: string,
  stepText: string | undefined,
  context: string | undefined,
  timestampText: string | undefined,
): ParsedLine {
  const value = Number(valueText);
  if (valueText.trim() === "" || Number.isNaN(value)) return { ok: false, reason: "value is not a number" };
  const step = optionalInteger(stepText);
  const timestamp = optionalInteger(timestampText);
  if (step === null) return { ok: false, reason: "step is not an integer ≥ 0" };
  if (timestamp === null) return { ok: false, reason: "timestamp is not epoch milliseconds" };
  // Built by assignment, not spreads: this is the hot path of the metric channel.
  const record: ProtocolRecord & { kind: "metric" } = { kind: "metric", name, value };
  if (step !== undefined) record.step = step;
  if (context !== undefined) record.context = context;
  if (timestamp !== undefined) record.timestamp = timestamp;
  return { ok: true, record };
}

/** undefined when absent, null when present but not a non-negative integer. */
function optionalInteger(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}
